package org.openward.platform.impl.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.openward.platform.impl.ui.UiContributions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

/**
 * Serves the web shell's static files from this bundle's {@code web/} folder at the root of
 * the site, and the modules' screens ({@link UiContributions}) under {@code /ui/<id>/}. Public:
 * the files hold no patient data; everything the pages show comes from {@code /api} and
 * {@code /fhir}, which need a token.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=openward-web"
})
public class WebShellServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern MODULE_FILE = Pattern.compile("/ui/([a-z0-9-]+)/(.+)");
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-]+)*/[A-Za-z0-9_-]+\\.[a-z]{2,4}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final transient UiContributions contributions;

    @Activate
    public WebShellServlet(@Reference UiContributions contributions) {
        this.contributions = contributions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || "/".equals(path)) {
            path = "/index.html";
        }
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        Matcher moduleFile = MODULE_FILE.matcher(path);
        URL resource;
        if (type == null) {
            resource = null;
        } else if (moduleFile.matches()) {
            resource = contributions.file(moduleFile.group(1), moduleFile.group(2));
        } else {
            resource = SAFE_PATH.matcher(path).matches() ? WebShellServlet.class.getClassLoader().getResource("web" + path)
                    : null;
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
        if (resource == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(type);
        response.setHeader("Cache-Control", "no-cache");
        try (InputStream in = resource.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
