package org.openward.platform.impl.demo;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.openward.platform.api.demo.DemoDataContribution;
import org.openward.platform.api.security.AccessControl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In demo mode, loads every module's {@link DemoDataContribution} on one background thread, as
 * {@code system:demo}. A contribution that fails because the runtime is still settling (the
 * transaction manager restarting at boot, or another module's demo data it builds on not loaded
 * yet) is tried again a few times, each time behind whatever else is waiting: a retry never holds
 * up the contribution it waits for.
 */
@Component(configurationPid = DemoDataRunner.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DemoDataRunner.Config.class)
public class DemoDataRunner {

    public static final String PID = "org.openward.demo";

    @ObjectClassDefinition(name = "OpenWard demo data",
            description = "Loads synthetic demo users and patients. Never enable on a system with real patients.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Load the demo users and synthetic patients.")
        boolean enabled() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DemoDataRunner.class);
    private static final int ATTEMPTS = 10;

    private final AccessControl access;
    private final boolean enabled;
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "openward-demo-data");
                thread.setDaemon(true);
                return thread;
            });

    @Activate
    public DemoDataRunner(@Reference AccessControl access, Config config) {
        this.access = access;
        this.enabled = config.enabled();
        if (enabled) {
            LOG.warn("Demo mode: loading synthetic demo data and the demo accounts listed in the README. "
                    + "Never use demo mode on a system with real patients.");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContribution(DemoDataContribution contribution) {
        if (enabled) {
            worker.execute(() -> load(contribution, 1));
        }
    }

    void removeContribution(DemoDataContribution contribution) {
        // nothing to undo: demo data stays, like any data
    }

    /**
     * Runs nothing more and lets the contribution being loaded end, without interrupting it (an
     * interrupt inside embedded Derby's file I/O stalled Derby's shutdown for minutes); it ends
     * soon anyway, as the services it writes through go away with the runtime.
     */
    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdown();
        if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Demo data still loading after 30 s; leaving it to end on its own");
        }
    }

    private void load(DemoDataContribution contribution, int attempt) {
        try {
            access.callAsSystem("demo", () -> {
                contribution.load();
                return null;
            });
            LOG.info("Demo data loaded: {}", contribution.name());
        } catch (RuntimeException e) {
            if (attempt == ATTEMPTS) {
                LOG.error("Demo data '{}' was not loaded: {}", contribution.name(), e.toString());
                return;
            }
            LOG.warn("Loading demo data '{}' failed (attempt {} of {}), trying again later: {}", contribution.name(),
                    attempt, ATTEMPTS, e.toString());
            try {
                worker.schedule(() -> load(contribution, attempt + 1), attempt, TimeUnit.SECONDS);
            } catch (RejectedExecutionException stopping) {
                // the runner is deactivating: the next start loads what is missing
            }
        }
    }
}
