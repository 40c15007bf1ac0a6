package org.openward.platform.impl.modules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The OpenWard modules installed in this runtime. A module is a Karaf feature named
 * {@code openward-*} from OpenWard's own feature repository; the hidden runtime features, the
 * {@code openward-all} bundle of features and any plugin's feature, whatever its name, are not
 * modules.
 */
@Component(service = ModuleRegistry.class)
public class ModuleRegistry {

    /** How the location of OpenWard's feature repository reads, e.g. {@code mvn:org.openward/openward-features/0.1.0/xml/features}. */
    private static final String OWN_REPOSITORY = "org.openward/openward-features/";

    /** Needed to list modules. */
    public static final String PERMISSION_READ = "platform:module:read";

    private final FeaturesService features;
    private final BundleContext bundles;

    @Activate
    public ModuleRegistry(@Reference FeaturesService features, BundleContext bundles) {
        this.features = features;
        this.bundles = bundles;
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

    /** The module's own bundles (not its dependencies) that are not active, as {@code name (STATE)}. */
    public List<String> inactiveBundles(ModuleInfo module) {
        List<String> inactive = new ArrayList<>();
        for (BundleInfo info : ownBundleInfos(module)) {
            Bundle bundle = bundles.getBundle(info.getLocation());
            if (bundle == null || bundle.getState() != Bundle.ACTIVE) {
                inactive.add((bundle == null ? info.getLocation() : bundle.getSymbolicName()) + " ("
                        + (bundle == null ? "not installed" : state(bundle.getState())) + ")");
            }
        }
        return inactive;
    }

    /** The installed module of that name; {@code records} stands for {@code openward-records}. */
    public Optional<ModuleInfo> module(String name) {
        String feature = name.startsWith("openward-") ? name : "openward-" + name;
        return modules().stream().filter(m -> m.name().equals(feature)).findFirst();
    }

    /** The module's implementation bundles: its own bundles named {@code *.impl}, which export nothing. */
    public List<Bundle> implementationBundles(ModuleInfo module) {
        List<Bundle> implementations = new ArrayList<>();
        for (BundleInfo info : ownBundleInfos(module)) {
            Bundle bundle = bundles.getBundle(info.getLocation());
            if (bundle != null && bundle.getSymbolicName().endsWith(".impl")) {
                implementations.add(bundle);
            }
        }
        return implementations;
    }

    private List<BundleInfo> ownBundleInfos(ModuleInfo module) {
        try {
            Feature feature = features.getFeature(module.name(), module.version());
            return feature == null ? List.of()
                    : feature.getBundles().stream().filter(b -> !b.isDependency()).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read feature " + module.name(), e);
        }
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved, not started";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "uninstalled";
        };
    }

    static boolean isModule(Feature feature) {
        String repository = feature.getRepositoryUrl();
        return feature.getName().startsWith("openward-") && !feature.isHidden()
                && !"openward-all".equals(feature.getName())
                && repository != null && repository.contains(OWN_REPOSITORY);
    }
}
