package org.openward.platform.impl.http;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.openward.platform.impl.modules.RequestGate;
import org.openward.platform.impl.security.PlatformSecurity;

/**
 * One door of the platform: a CXF JAX-RS servlet that authenticates every request before the
 * resources see it. The caller is bound to the thread for the whole request; only the routes
 * a subclass declares public go through without a bearer token. Every request passes the
 * {@link RequestGate}, so that a module update holds requests instead of failing them.
 */
abstract class GatewayServlet extends CXFNonSpringServlet {

    private static final long serialVersionUID = 1L;

    /** Request attribute holding the request id, also sent back as {@code X-Request-Id}. */
    static final String REQUEST_ID = "org.openward.requestId";

    private final transient PlatformSecurity security;
    private final transient RequestGate gate;
    private transient Server server;

    GatewayServlet(PlatformSecurity security, RequestGate gate) {
        this.security = security;
        this.gate = gate;
    }

    /** The JAX-RS resource objects served. */
    protected abstract List<Object> resources();

    /** The JAX-RS providers: body readers and writers, exception mappers. */
    protected abstract List<Object> providers();

    /** Whether this request may go through without a caller. */
    protected abstract boolean isPublic(HttpServletRequest request);

    /** Writes a failure that happened outside the JAX-RS resources in this door's format. */
    protected abstract void fail(HttpServletResponse response, Failures.Answer answer, String requestId) throws IOException;

    @Override
    protected void loadBus(ServletConfig config) {
        super.loadBus(config);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(GatewayServlet.class.getClassLoader());
        try {
            JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
            factory.setBus(getBus());
            factory.setAddress("/");
            factory.setServiceBeans(resources());
            factory.setProviders(providers());
            server = factory.create();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public void destroyBus() {
        if (server != null) {
            server.destroy();
            server = null;
        }
        super.destroyBus();
    }

    @Override
    protected void invoke(HttpServletRequest request, HttpServletResponse response) throws ServletException {
        String requestId = UUID.randomUUID().toString();
        request.setAttribute(REQUEST_ID, requestId);
        response.setHeader("X-Request-Id", requestId);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        try {
            gate.pass(() -> {
                authenticateAndServe(request, response, requestId);
                return null;
            });
        } catch (RequestGate.GateClosedException e) {
            refuse(response, Failures.report(e, requestId), requestId);
        } catch (ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }

    private void authenticateAndServe(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws ServletException {
        if (isPublic(request)) {
            super.invoke(request, response);
            return;
        }
        try {
            security.callWithToken(bearerToken(request), request.getRemoteAddr(), requestId, () -> {
                try {
                    super.invoke(request, response);
                } catch (ServletException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        } catch (RuntimeException e) {
            // the token check or the caller's binding failed: no resource has written anything
            refuse(response, Failures.report(e, requestId), requestId);
        }
    }

    private void refuse(HttpServletResponse response, Failures.Answer answer, String requestId)
            throws ServletException {
        try {
            if (answer.status() == 401) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"openward\"");
            }
            if (answer.status() == 503) {
                response.setHeader("Retry-After", "1");
            }
            fail(response, answer, requestId);
        } catch (IOException io) {
            throw new ServletException(io);
        }
    }

    static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    static String requestId(HttpServletRequest request) {
        Object id = request.getAttribute(REQUEST_ID);
        return id == null ? "unknown" : id.toString();
    }
}
