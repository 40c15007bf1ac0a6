package org.openward.platform.impl.persistence;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the JPA stack's hold off the classes of a replaced module build. OpenJPA and Aries JPA
 * keep state shared by every persistence unit that would otherwise keep each replaced build in
 * memory (see {@link OpenJpaClassRelease} and {@link AriesJpaTransformerRelease}). When a bundle
 * gives up its class loader (the UNRESOLVED event of an update, refresh or uninstall; not a plain
 * stop, after which its classes stay in use), the compiled queries of every unit are dropped (they
 * may hold any bundle's classes), and if the bundle has persistence units, its classes and its
 * class transformers are forgotten.
 *
 * <p>It provides no service, so that it is active from the start: as a (delayed) service nobody
 * asked for, it never ran.
 */
@Component(service = {})
public class PersistentClassRelease implements SynchronousBundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentClassRelease.class);

    private final BundleContext context;
    private final Map<Long, WeakReference<ClassLoader>> loaders = new ConcurrentHashMap<>();

    @Activate
    public PersistentClassRelease(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
        for (Bundle bundle : context.getBundles()) {
            remember(bundle);
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        switch (event.getType()) {
            case BundleEvent.RESOLVED, BundleEvent.STARTED -> remember(bundle);
            case BundleEvent.UNRESOLVED -> release(bundle);
            default -> {
                // nothing to do
            }
        }
    }

    private void release(Bundle bundle) {
        try {
            OpenJpaClassRelease.forgetCompiledQueries();
            WeakReference<ClassLoader> loader = loaders.remove(bundle.getBundleId());
            ClassLoader classes = loader == null ? null : loader.get();
            if (classes != null) {
                OpenJpaClassRelease.forget(classes);
                AriesJpaTransformerRelease.release(context, bundle);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release all JPA state of {}; its old build may stay in memory",
                    bundle.getSymbolicName(), e);
        }
    }

    private void remember(Bundle bundle) {
        if (bundle.getHeaders().get("Meta-Persistence") == null) {
            return;
        }
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        ClassLoader classes = wiring == null ? null : wiring.getClassLoader();
        if (classes != null) {
            loaders.put(bundle.getBundleId(), new WeakReference<>(classes));
        }
    }
}
