package org.openward.platform.api.cds;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Asks every {@link CdsService} registered for a hook, in parallel and each within the time
 * limit, as the current caller. Called by the module that owns the workflow, after it has
 * checked that the caller may see the patient.
 */
@ProviderType
public interface CdsHooks {

    /** The cards of every service that answered in time, and the services that did not. */
    CdsResponse call(CdsRequest request);

    /** Everything the services said about one request. */
    record CdsResponse(List<Advice> advice, List<Unavailable> unavailable) {

        public CdsResponse {
            advice = List.copyOf(advice);
            unavailable = List.copyOf(unavailable);
        }
    }

    /** A card and the service that gave it. */
    record Advice(Service service, Card card) {

        public Advice {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(card, "card");
        }
    }

    /** A service that gave no answer: it failed, timed out or returned something invalid. */
    record Unavailable(Service service, String reason) {

        public Unavailable {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A registered service.
     *
     * @param plugin the plugin's id: the symbolic name of the bundle that registered it
     * @param id     the service's {@link CdsService#id()}
     * @param title  its {@link CdsService#title()}
     */
    record Service(String plugin, String id, String title) {
    }
}
