package org.openward.platform.impl.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.core.Response;

import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.impl.users.PlatformDatabase;
import org.openward.platform.impl.modules.RequestGate;
import org.openward.platform.impl.security.PlatformSecurity;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;

/**
 * The {@code /fhir} door. Modules plug in {@link FhirResourceProvider} services; the servlet keeps
 * the current provider per resource type and never restarts when they come and go. A type whose
 * provider left while its bundle stays installed (the bundle is being updated or restarted)
 * holds the request until the provider is back, for at most {@link RequestGate#HOLD}; a type
 * whose bundle is gone, or that nobody ever served, answers 404 at once.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/fhir/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=openward-fhir",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_INIT_PARAM_PREFIX + "hide-service-list-page=true"
})
public class FhirServlet extends GatewayServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FhirServlet.class);

    private static final long POLL_MILLIS = 20;

    private final transient Map<String, FhirResourceProvider> providers = new ConcurrentHashMap<>();
    /** Per resource type whose provider left: the id of the bundle that registered it. */
    private final transient Map<String, Long> departed = new ConcurrentHashMap<>();
    private final transient BundleContext context;
    private final transient PlatformDatabase database;
    private final transient FhirContext fhir;
    private final transient FhirResponses responses;
    private final String version;

    @Activate
    public FhirServlet(@Reference PlatformSecurity security, @Reference RequestGate gate,
            @Reference PlatformDatabase database, BundleContext context) {
        super(security, gate);
        this.database = database;
        this.context = context;
        this.fhir = FhirContext.forR4Cached();
        this.responses = new FhirResponses(fhir);
        this.version = context.getBundle().getVersion().toString();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(FhirResourceProvider provider) {
        departed.remove(provider.resourceType());
        FhirResourceProvider previous = providers.put(provider.resourceType(), provider);
        if (previous != null && previous != provider) {
            LOG.warn("Two providers for FHIR {}: {} replaces {}", provider.resourceType(), provider, previous);
        }
    }

    void removeProvider(FhirResourceProvider provider, Map<String, Object> properties) {
        if (providers.remove(provider.resourceType(), provider)
                && properties.get(Constants.SERVICE_BUNDLEID) instanceof Long bundleId) {
            departed.put(provider.resourceType(), bundleId);
        }
    }

    /** The provider of a resource type; waits for one that is coming back (see the class comment). */
    FhirResourceProvider provider(String type) {
        long deadline = System.nanoTime() + RequestGate.HOLD.toNanos();
        while (true) {
            FhirResourceProvider provider = providers.get(type);
            if (provider != null) {
                return provider;
            }
            Long bundleId = departed.get(type);
            Bundle bundle = bundleId == null ? null : context.getBundle(bundleId);
            if (bundle == null || bundle.getState() == Bundle.UNINSTALLED) {
                return null;
            }
            if (System.nanoTime() > deadline) {
                throw new RequestGate.GateClosedException("OW-0520: the module serving " + type
                        + " is stopped or still starting; nothing was changed, try again later");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    @Override
    protected List<Object> resources() {
        return List.of(new FhirEndpoint(this::provider, providers::values, fhir, version,
                work -> database.tx(em -> work.get())));
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
