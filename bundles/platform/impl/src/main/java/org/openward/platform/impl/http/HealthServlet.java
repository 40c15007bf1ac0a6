package org.openward.platform.impl.http;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.openward.platform.impl.health.PlatformHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

/**
 * {@code GET /health} for load balancers: 200 while every OpenWard health check is OK or WARN,
 * 503 otherwise. Public, as load balancers carry no token, so it says nothing but the status;
 * the checks' details are for administrators ({@code openward:health}).
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/health",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=openward-health"
})
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PlatformHealth health;

    @Activate
    public HealthServlet(@Reference PlatformHealth health) {
        this.health = health;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PlatformHealth.Report report = health.report();
        response.setStatus(report.healthy() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"status\":\"" + report.status() + "\"}");
    }
}
