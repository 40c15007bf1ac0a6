package org.openward.platform.impl.persistence;

import java.lang.reflect.Field;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.weaving.WeavingHook;

/**
 * Drops the class transformers Aries JPA (2.7.3) keeps for a bundle whose class loader is gone.
 * Its weaving hook ({@code JPAWeavingHook}) adds one transformer per bundle every time a
 * persistence unit's factory is created and never removes any ({@code removeTransformer} has no
 * caller); each holds OpenJPA's enhancer with a temporary class loader whose parent is the
 * bundle's class loader of that time. The map is keyed by the {@link Bundle}, which an update
 * keeps, so every update added a transformer of the replaced build and kept it, and the hook
 * even ran the stale ones on the classes of the new build. When the bundle gives up its class
 * loader its units are closed and the next ones are not created yet: every transformer held for
 * it is stale and is dropped. The hook's map is private, so this reads it by reflection, under
 * the hook's own lock.
 */
final class AriesJpaTransformerRelease {

    private static final String HOOK = "org.apache.aries.jpa.container.weaving.impl.JPAWeavingHook";

    private AriesJpaTransformerRelease() {
    }

    static void release(BundleContext context, Bundle bundle) {
        try {
            for (ServiceReference<WeavingHook> reference : context.getServiceReferences(WeavingHook.class, null)) {
                WeavingHook hook = context.getService(reference);
                try {
                    if (hook != null && hook.getClass().getName().equals(HOOK)) {
                        release(hook, bundle);
                    }
                } finally {
                    context.ungetService(reference);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void release(WeavingHook hook, Bundle bundle) {
        try {
            Field field = hook.getClass().getDeclaredField("registeredTransformers");
            field.setAccessible(true);
            synchronized (hook) {
                ((Map<?, ?>) field.get(hook)).remove(bundle);
            }
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("Aries JPA changed: " + HOOK
                    + " has no readable registeredTransformers; see AriesJpaTransformerRelease", e);
        }
    }
}
