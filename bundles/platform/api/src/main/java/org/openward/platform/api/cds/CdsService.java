package org.openward.platform.api.cds;

import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A decision support service, implemented by plugins: register one as an OSGi service and the
 * platform calls it at each of its {@link #hooks()}.
 *
 * <p>The rules the platform enforces:
 * <ul>
 * <li>The service runs as the user who triggered the hook, marked as acting through the plugin:
 * it reads patient data only through the modules' API services, with exactly that user's
 * permissions, and every read is audited with the plugin's id (the symbolic name of the bundle
 * that registered the service).</li>
 * <li>It must answer within the platform's time limit (2 s by default). One that throws, hangs
 * or returns an invalid card gives no cards; the user sees that the service was unavailable and
 * the failure is logged and reported by the health checks. The workflow goes on.</li>
 * <li>It is called on a thread of the platform's, possibly for several users at once.</li>
 * </ul>
 */
@ConsumerType
public interface CdsService {

    /** Unique within the plugin: lower-case letters, digits and dashes, for example {@code sepsis-screen}. */
    String id();

    /** What the service is, shown to users when it is unavailable, for example "Sepsis screening". */
    String title();

    /** The hooks the service answers. */
    Set<CdsHook> hooks();

    /** The advice for one request: no cards when there is nothing to say. */
    List<Card> invoke(CdsRequest request);
}
