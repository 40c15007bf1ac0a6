package org.openward.platform.impl.modules;

import java.util.Comparator;
import java.util.List;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The OpenWard modules installed in this runtime. A module is a Karaf feature named
 * {@code openward-*}; the hidden runtime features and the {@code openward-all} bundle of
 * features are not modules.
 */
@Component(service = ModuleRegistry.class)
public class ModuleRegistry {

    /** Needed to list modules. */
    public static final String PERMISSION_READ = "platform:module:read";

    private final FeaturesService features;

    @Activate
    public ModuleRegistry(@Reference FeaturesService features) {
        this.features = features;
    }

    public List<ModuleInfo> modules() {
        try {
            return List.of(features.listInstalledFeatures()).stream()
                    .filter(ModuleRegistry::isModule)
                    .sorted(Comparator.comparing(Feature::getName))
                    .map(f -> new ModuleInfo(f.getName(), f.getVersion(), features.getState(f.getId()).name(),
                            f.getDescription() == null ? "" : f.getDescription()))
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the installed features", e);
        }
    }

    static boolean isModule(Feature feature) {
        return feature.getName().startsWith("openward-") && !feature.isHidden()
                && !"openward-all".equals(feature.getName());
    }
}
