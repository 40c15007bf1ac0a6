package org.openward.platform.impl.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.core.Response;

import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.impl.fhir.FhirProviders;
import org.openward.platform.impl.fhir.FhirTransactions;
import org.openward.platform.impl.modules.RequestGate;
import org.openward.platform.impl.security.PlatformSecurity;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

import ca.uhn.fhir.context.FhirContext;

/**
 * The {@code /fhir} door. Modules plug in {@link FhirResourceProvider} services, kept by the
 * platform's one registry, {@link FhirProviders}; the servlet never restarts when they come and
 * go. A type whose provider left while its bundle stays installed (the bundle is being updated or
 * restarted) holds the request until the provider is back, for at most {@link RequestGate#HOLD};
 * a type whose bundle is gone, or that nobody ever served, answers 404 at once. Transaction
 * Bundles go through {@link FhirTransactions}, the same code other bundles reach as a service.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/fhir/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=openward-fhir",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_INIT_PARAM_PREFIX + "hide-service-list-page=true"
})
public class FhirServlet extends GatewayServlet {

    private static final long serialVersionUID = 1L;

    private final transient FhirProviders providers;
    private final transient FhirTransactions transactions;
    private final transient FhirContext fhir;
    private final transient FhirResponses responses;
    private final String version;

    @Activate
    public FhirServlet(@Reference PlatformSecurity security, @Reference RequestGate gate,
            @Reference FhirProviders providers, @Reference FhirTransactions transactions, BundleContext context) {
        super(security, gate);
        this.providers = providers;
        this.transactions = transactions;
        this.fhir = FhirContext.forR4Cached();
        this.responses = new FhirResponses(fhir);
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    protected List<Object> resources() {
        return List.of(new FhirEndpoint(providers, fhir, version, transactions));
    }

    @Override
    protected List<Object> providers() {
        return List.of(new FhirExceptionMapper(responses));
    }

    @Override
    protected boolean isPublic(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && "/metadata".equals(request.getPathInfo());
    }

    @Override
    protected void fail(HttpServletResponse response, Failures.Answer answer, String requestId) throws IOException {
        Response outcome = responses.outcome(answer.status(), answer.issueType(), answer.message(), null);
        response.setStatus(answer.status());
        response.setContentType(outcome.getMediaType().toString());
        response.getOutputStream().write(outcome.getEntity().toString().getBytes(StandardCharsets.UTF_8));
    }
}
