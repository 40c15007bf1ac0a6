package org.openward.platform.impl.health;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.felix.hc.api.HealthCheck;
import org.openward.platform.impl.events.EventDispatcher;
import org.openward.platform.impl.modules.ModuleInfo;
import org.openward.platform.impl.modules.ModuleRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Registers a Felix health check per installed module ({@link ModuleHealthCheck}, named
 * {@code Module openward-<name>}, tagged {@value PlatformHealth#TAG} and {@code openward-<name>}),
 * and follows modules as they are installed and removed: at start and before every report
 * ({@link #synchronise()}), not from a features listener, which Karaf calls in the middle of a
 * deployment, when the installed features cannot be read.
 */
@Component(service = ModuleHealthChecks.class)
public class ModuleHealthChecks {

    private final BundleContext context;
    private final ModuleRegistry modules;
    private final ServiceComponentRuntime components;
    private final DataSource dataSource;
    private final EventDispatcher events;
    private final Map<String, ServiceRegistration<HealthCheck>> registered = new ConcurrentHashMap<>();

    @Activate
    public ModuleHealthChecks(BundleContext context, @Reference ModuleRegistry modules,
            @Reference ServiceComponentRuntime components,
            @Reference(target = "(osgi.jndi.service.name=openward)") DataSource dataSource,
            @Reference EventDispatcher events) {
        this.context = context;
        this.modules = modules;
        this.components = components;
        this.dataSource = dataSource;
        this.events = events;
        synchronise();
    }

    @Deactivate
    void deactivate() {
        registered.values().forEach(ServiceRegistration::unregister);
        registered.clear();
    }

    /** The tag of one module's check, for running it alone. */
    public static String tag(String module) {
        return module;
    }

    /** One check per installed module: added for new modules, removed for those gone. */
    public synchronized void synchronise() {
        Set<String> installed = modules.modules().stream().map(ModuleInfo::name).collect(Collectors.toSet());
        registered.keySet().removeIf(module -> {
            if (installed.contains(module)) {
                return false;
            }
            registered.get(module).unregister();
            return true;
        });
        for (String module : installed) {
            registered.computeIfAbsent(module, name -> {
                Dictionary<String, Object> properties = new Hashtable<>();
                properties.put(HealthCheck.NAME, "Module " + name);
                properties.put(HealthCheck.TAGS, new String[] {PlatformHealth.TAG, tag(name)});
                return context.registerService(HealthCheck.class,
                        new ModuleHealthCheck(name, modules, components, dataSource, events), properties);
            });
        }
    }
}
