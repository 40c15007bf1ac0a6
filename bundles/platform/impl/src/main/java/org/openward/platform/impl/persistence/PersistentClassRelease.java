package org.openward.platform.impl.persistence;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.openjpa.enhance.PCRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Takes OpenJPA's hold off the classes of a replaced module build. OpenJPA's {@link PCRegistry}
 * keeps every enhanced entity class it has seen in a static map (weak keys, but values that
 * point back to the class), so each update of a module with entities would keep its old build
 * in memory. When a bundle with persistence units gives up its class loader (the UNRESOLVED event of
 * an update, refresh or uninstall; not a plain stop, after which its classes stay in use), its
 * classes are removed from the registry.
 */
@Component
public class PersistentClassRelease implements SynchronousBundleListener {

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
            case BundleEvent.UNRESOLVED -> {
                WeakReference<ClassLoader> loader = loaders.remove(bundle.getBundleId());
                ClassLoader classes = loader == null ? null : loader.get();
                if (classes != null) {
                    PCRegistry.deRegister(classes);
                }
            }
            default -> {
                // nothing to do
            }
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
