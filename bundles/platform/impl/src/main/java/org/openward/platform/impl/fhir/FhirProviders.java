package org.openward.platform.impl.fhir;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.impl.modules.RequestGate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one registry of the {@link FhirResourceProvider} services modules register: the current
 * provider per resource type, for the {@code /fhir} door and the transaction service alike. It
 * never restarts when providers come and go. A type whose provider left while its bundle stays
 * installed (the bundle is being updated or restarted) makes a lookup wait until the provider is
 * back, for at most {@link RequestGate#HOLD}; a type whose bundle is gone, or that nobody ever
 * served, is answered at once.
 */
@Component(service = FhirProviders.class, immediate = true)
public class FhirProviders {

    private static final Logger LOG = LoggerFactory.getLogger(FhirProviders.class);
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final long POLL_MILLIS = 20;

    private final Map<String, FhirResourceProvider> providers = new ConcurrentHashMap<>();
    /** Per resource type whose provider left: the id of the bundle that registered it. */
    private final Map<String, Long> departed = new ConcurrentHashMap<>();
    private final LongPredicate installed;

    @Activate
    public FhirProviders(BundleContext context) {
        this(bundleId -> {
            Bundle bundle = context.getBundle(bundleId);
            return bundle != null && bundle.getState() != Bundle.UNINSTALLED;
        });
    }

    /**
     * @param installed whether the bundle with this id is still installed (so that its provider
     *        is worth waiting for)
     */
    public FhirProviders(LongPredicate installed) {
        this.installed = installed;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addProvider(FhirResourceProvider provider) {
        departed.remove(provider.resourceType());
        FhirResourceProvider previous = providers.put(provider.resourceType(), provider);
        if (previous != null && previous != provider) {
            LOG.warn("Two providers for FHIR {}: {} replaces {}", provider.resourceType(), provider, previous);
        }
    }

    public void removeProvider(FhirResourceProvider provider, Map<String, Object> properties) {
        if (providers.remove(provider.resourceType(), provider)
                && properties.get(Constants.SERVICE_BUNDLEID) instanceof Long bundleId) {
            departed.put(provider.resourceType(), bundleId);
        }
    }

    /** Every provider registered now. */
    public Collection<FhirResourceProvider> all() {
        return List.copyOf(providers.values());
    }

    /**
     * The provider of a resource type, or {@code null} when none is registered and none is coming
     * back; waits for one that is coming back (see the class comment).
     *
     * @throws RequestGate.GateClosedException when the provider did not come back in time
     */
    public FhirResourceProvider provider(String type) {
        long deadline = System.nanoTime() + RequestGate.HOLD.toNanos();
        while (true) {
            FhirResourceProvider provider = providers.get(type);
            if (provider != null) {
                return provider;
            }
            Long bundleId = departed.get(type);
            if (bundleId == null || !installed.test(bundleId)) {
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

    /**
     * The provider of a resource type for one interaction.
     *
     * @throws NotFoundException (OW-0010) when nobody serves the type
     * @throws UnsupportedOperationException when its provider does not support the interaction
     */
    public FhirResourceProvider provider(String type, FhirInteraction interaction) {
        FhirResourceProvider provider = type != null && TYPE.matcher(type).matches() ? provider(type) : null;
        if (provider == null) {
            throw new NotFoundException("OW-0010", "resource type '" + type + "' is not served here; see /fhir/metadata");
        }
        if (!provider.interactions().contains(interaction)) {
            throw new UnsupportedOperationException(type + " does not support " + interaction.code());
        }
        return provider;
    }
}
