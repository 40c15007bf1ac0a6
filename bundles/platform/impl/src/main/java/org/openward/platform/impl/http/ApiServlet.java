package org.openward.platform.impl.http;

import java.io.IOException;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.openward.platform.impl.modules.ModuleRegistry;
import org.openward.platform.impl.modules.RequestGate;
import org.openward.platform.impl.security.BreakGlassGrants;
import org.openward.platform.impl.security.PlatformSecurity;
import org.openward.platform.impl.ui.UiContributions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

/** The {@code /api} door: platform operations in plain JSON (login, modules, break-glass, the shell's screens). */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=openward-api",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_INIT_PARAM_PREFIX + "hide-service-list-page=true"
})
public class ApiServlet extends GatewayServlet {

    private static final long serialVersionUID = 1L;

    private final transient PlatformSecurity security;
    private final transient ModuleRegistry modules;
    private final transient BreakGlassGrants breakGlass;
    private final transient UiContributions screens;
    private final transient ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Activate
    public ApiServlet(@Reference PlatformSecurity security, @Reference ModuleRegistry modules,
            @Reference BreakGlassGrants breakGlass, @Reference UiContributions screens, @Reference RequestGate gate) {
        super(security, gate);
        this.security = security;
        this.modules = modules;
        this.breakGlass = breakGlass;
        this.screens = screens;
    }

    @Override
    protected List<Object> resources() {
        return List.of(new AuthResource(security), new ModulesResource(modules, security),
                new BreakGlassResource(breakGlass), new UiResource(screens, security));
    }

    @Override
    protected List<Object> providers() {
        return List.of(new JacksonJsonProvider(json), new ApiExceptionMapper());
    }

    @Override
    protected boolean isPublic(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/auth/login".equals(request.getPathInfo());
    }

    @Override
    protected void fail(HttpServletResponse response, Failures.Answer answer, String requestId) throws IOException {
        response.setStatus(answer.status());
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), ApiError.of(answer, requestId));
    }
}
