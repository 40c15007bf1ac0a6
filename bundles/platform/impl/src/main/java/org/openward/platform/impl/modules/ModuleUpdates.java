package org.openward.platform.impl.modules;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.security.Caller;
import org.openward.platform.api.security.SecurityEvent;
import org.openward.platform.impl.security.PlatformSecurity;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a module's implementation bundle while the platform keeps serving. The front door's
 * {@link RequestGate} closes (requests inside finish, new ones wait), the bundle is updated in
 * place, and the gate opens once every OpenWard component is back; the held requests are then
 * served by the new version. Implementation bundles export nothing, so no other bundle
 * restarts. A new build that does not come up is replaced by the previous one at once.
 *
 * <p>Each module's history (version and source of every implementation it ran) is kept under
 * {@code data/openward/modules/<module>/}, with a copy of every installed build, so that
 * {@link #rollback} can return to the previous one even when the original file is gone.
 */
@Component(service = ModuleUpdates.class)
public class ModuleUpdates {

    /** Needed to update or roll back a module. */
    public static final String PERMISSION_UPDATE = "platform:module:update";

    private static final Logger LOG = LoggerFactory.getLogger(ModuleUpdates.class);
    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final Duration READY = Duration.ofSeconds(60);
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){0,2}([.-][A-Za-z0-9_-]+)?");
    private static final String HISTORY = "history";

    private final ModuleRegistry modules;
    private final RequestGate gate;
    private final ServiceComponentRuntime components;
    private final PlatformSecurity security;
    private final BundleContext context;
    private final Path home;

    @Activate
    public ModuleUpdates(@Reference ModuleRegistry modules, @Reference RequestGate gate,
            @Reference ServiceComponentRuntime components, @Reference PlatformSecurity security,
            BundleContext context) {
        this(modules, gate, components, security, context,
                Path.of(System.getProperty("karaf.data", "data"), "openward", "modules"));
    }

    ModuleUpdates(ModuleRegistry modules, RequestGate gate, ServiceComponentRuntime components,
            PlatformSecurity security, BundleContext context, Path home) {
        this.modules = modules;
        this.gate = gate;
        this.components = components;
        this.security = security;
        this.context = context;
        this.home = home;
    }

    /** What an update or a rollback did. */
    public record Outcome(String module, String bundle, String fromVersion, String toVersion, Duration held) {

        /** One line for the administrator, e.g. {@code openward-records updated: ... }. */
        public String describe(String what) {
            return module + " " + what + ": " + bundle + " " + fromVersion + " -> " + toVersion
                    + "; requests were held for " + held.toMillis() + " ms.";
        }
    }

    /**
     * Updates the module's implementation to {@code target}: a version (of the same Maven
     * artifact, from the local repository or the configured ones) or a URL of a bundle jar.
     */
    public synchronized Outcome update(String moduleName, String target) {
        security.checkPermission(PERMISSION_UPDATE);
        ModuleInfo module = module(moduleName);
        Bundle bundle = implementation(module);
        URL source = source(bundle, target);
        List<String[]> history = history(module, bundle);
        Path copy = keep(module, bundle, source);
        String from = bundle.getVersion().toString();
        Duration held = swapOrRestore(bundle, copy.toUri().toString(), history);
        String to = bundle.getVersion().toString();
        history.add(new String[] {to, copy.toUri().toString()});
        writeHistory(module, history);
        audit(SecurityEvent.Type.MODULE_UPDATED, module, bundle, from, to, held, "from " + source);
        return new Outcome(module.name(), bundle.getSymbolicName(), from, to, held);
    }

    /** Returns the module to the implementation it ran before its last update. */
    public synchronized Outcome rollback(String moduleName) {
        security.checkPermission(PERMISSION_UPDATE);
        ModuleInfo module = module(moduleName);
        Bundle bundle = implementation(module);
        List<String[]> history = history(module, bundle);
        if (history.size() < 2) {
            throw new InvalidInputException("OW-0063", "module",
                    module.name() + " has not been updated since it was installed; there is nothing to roll back to");
        }
        String[] previous = history.get(history.size() - 2);
        String from = bundle.getVersion().toString();
        Duration held = swapOrRestore(bundle, previous[1], history);
        history.remove(history.size() - 1);
        writeHistory(module, history);
        String to = bundle.getVersion().toString();
        audit(SecurityEvent.Type.MODULE_ROLLED_BACK, module, bundle, from, to, held, "");
        return new Outcome(module.name(), bundle.getSymbolicName(), from, to, held);
    }

    private ModuleInfo module(String name) {
        return modules.module(name).orElseThrow(() -> new NotFoundException("OW-0061",
                "no module '" + name + "' is installed; see openward:modules"));
    }

    private Bundle implementation(ModuleInfo module) {
        List<Bundle> implementations = modules.implementationBundles(module);
        if (implementations.size() != 1) {
            throw new InvalidInputException("OW-0062", "module", module.name() + " has "
                    + implementations.size() + " implementation bundles; update it with feature:update instead");
        }
        return implementations.get(0);
    }

    private static URL source(Bundle bundle, String target) {
        try {
            if (VERSION.matcher(target).matches()) {
                String artifact = bundle.getSymbolicName().replace("org.openward.", "openward-").replace('.', '-');
                return new URL("mvn:org.openward/" + artifact + "/" + target);
            }
            Path file = Path.of(target);
            return Files.isRegularFile(file) ? file.toUri().toURL() : new URL(target);
        } catch (MalformedURLException | RuntimeException e) {
            throw new InvalidInputException("OW-0064", "target",
                    "'" + target + "' is neither a version nor the URL or path of a bundle jar");
        }
    }

    /** Copies the new build under data/ and checks it is a build of this implementation bundle. */
    private Path keep(ModuleInfo module, Bundle bundle, URL source) {
        Path directory = home.resolve(module.name());
        try {
            Files.createDirectories(directory);
            Path copy = Files.createTempFile(directory, bundle.getSymbolicName() + "-", ".jar");
            try (InputStream in = source.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            Manifest manifest;
            try (JarInputStream jar = new JarInputStream(Files.newInputStream(copy))) {
                manifest = jar.getManifest();
            }
            String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            String exports = manifest == null ? null : manifest.getMainAttributes().getValue("Export-Package");
            String refusal = null;
            if (name == null || !name.split(";")[0].strip().equals(bundle.getSymbolicName())) {
                refusal = source + " is " + (name == null ? "not a bundle" : "bundle " + name)
                        + ", not a build of " + bundle.getSymbolicName();
            } else if (exports != null && !exports.isBlank()) {
                refusal = source + " exports packages (" + exports + "); an implementation bundle exports"
                        + " nothing, or updating it would restart the bundles that import them";
            }
            if (refusal != null) {
                Files.delete(copy);
                throw new InvalidInputException("OW-0065", "target", refusal);
            }
            return copy;
        } catch (IOException e) {
            throw new InvalidInputException("OW-0066", "target", "cannot read " + source + ": " + e.getMessage());
        }
    }

    private Duration swapOrRestore(Bundle bundle, String build, List<String[]> history) {
        Set<String> unsatisfiedBefore = unsatisfiedComponents();
        long start = System.nanoTime();
        try {
            swap(bundle, build, unsatisfiedBefore);
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (Exception failure) {
            String[] current = history.get(history.size() - 1);
            LOG.error("Update of {} failed; going back to {}", bundle.getSymbolicName(), current[1], failure);
            try {
                swap(bundle, current[1], unsatisfiedBefore);
            } catch (Exception restore) {
                failure.addSuppressed(restore);
                throw new IllegalStateException("the update of " + bundle.getSymbolicName() + " failed ("
                        + failure.getMessage() + ") and so did going back to version " + current[0], failure);
            }
            throw new IllegalStateException("the update of " + bundle.getSymbolicName() + " failed ("
                    + failure.getMessage() + "); it runs version " + current[0] + " again", failure);
        }
    }

    private void swap(Bundle bundle, String build, Set<String> unsatisfiedBefore) throws Exception {
        try (InputStream in = new URL(build).openStream(); RequestGate.Closed closed = gate.close(DRAIN)) {
            bundle.update(in);
            refreshIfPending(bundle);
            awaitReady(bundle, unsatisfiedBefore);
        }
    }

    /** Lets the framework drop the old revision now if something still held it. */
    private void refreshIfPending(Bundle bundle) throws InterruptedException {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        if (wiring.getRemovalPendingBundles().contains(bundle)) {
            CountDownLatch refreshed = new CountDownLatch(1);
            wiring.refreshBundles(List.of(bundle), event -> {
                if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                    refreshed.countDown();
                }
            });
            if (!refreshed.await(READY.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the framework did not finish refreshing " + bundle.getSymbolicName());
            }
        }
    }

    /** Waits until the bundle is active and every OpenWard component that was satisfied is again. */
    private void awaitReady(Bundle bundle, Set<String> unsatisfiedBefore) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            Set<String> missing = new TreeSet<>(unsatisfiedComponents());
            missing.removeAll(unsatisfiedBefore);
            if (bundle.getState() == Bundle.ACTIVE && missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(bundle.getSymbolicName() + " did not come up within "
                        + READY.toSeconds() + " s; waiting for " + (missing.isEmpty() ? "the bundle to start" : missing));
            }
            Thread.sleep(20);
        }
    }

    /** OpenWard components that are enabled but not satisfied, as {@code bundle/component}. */
    private Set<String> unsatisfiedComponents() {
        List<Bundle> openward = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.openward.")) {
                openward.add(b);
            }
        }
        Set<String> unsatisfied = new TreeSet<>();
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(openward.toArray(Bundle[]::new))) {
            if (!components.isComponentEnabled(description)) {
                continue;
            }
            String name = description.bundle.symbolicName + "/" + description.name;
            var configurations = components.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty()) {
                unsatisfied.add(name);
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state != ComponentConfigurationDTO.SATISFIED
                        && configuration.state != ComponentConfigurationDTO.ACTIVE) {
                    unsatisfied.add(name);
                }
            }
        }
        return unsatisfied;
    }

    /** The module's history, oldest first, each {@code [version, source]}; starts with what runs now. */
    private List<String[]> history(ModuleInfo module, Bundle bundle) {
        Path file = home.resolve(module.name()).resolve(HISTORY);
        List<String[]> history = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        history.add(line.split("\t", 2));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        if (history.isEmpty() || !history.get(history.size() - 1)[0].equals(bundle.getVersion().toString())) {
            // first update, or the module was replaced by other means (feature:update): start from what runs now
            history.clear();
            history.add(new String[] {bundle.getVersion().toString(), bundle.getLocation()});
        }
        return history;
    }

    private void writeHistory(ModuleInfo module, List<String[]> history) {
        Path file = home.resolve(module.name()).resolve(HISTORY);
        List<String> lines = history.stream().map(entry -> entry[0] + "\t" + entry[1]).toList();
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    private void audit(SecurityEvent.Type type, ModuleInfo module, Bundle bundle, String from, String to,
            Duration held, String more) {
        Caller caller = security.currentCaller();
        String detail = module.name() + ": " + bundle.getSymbolicName() + " " + from + " -> " + to
                + (more.isEmpty() ? "" : " " + more) + "; requests held " + held.toMillis() + " ms";
        LOG.info("{} by {}: {}", type, caller.username(), detail);
        security.publish(type, caller.username(), detail, caller.channel(), caller.sourceAddress(), caller.requestId());
    }
}
