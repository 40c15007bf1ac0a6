package org.openward.platform.impl.health;

import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.karaf.features.BootFinished;
import org.openward.platform.impl.modules.ModuleInfo;
import org.openward.platform.impl.modules.ModuleRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Karaf has finished installing the features it starts with, every installed OpenWard module has
 * started, and each of its own bundles is active. Until the boot features are installed the
 * runtime is still putting itself together (bundles may yet be refreshed and services come and
 * go), so it is not ready to take traffic even where a door already answers.
 */
@Component(property = {
        HealthCheck.NAME + "=Modules",
        HealthCheck.TAGS + "=" + PlatformHealth.TAG,
        HealthCheck.TAGS + "=platform"
})
public class ModulesHealthCheck implements HealthCheck {

    private final ModuleRegistry modules;

    /** Registered by Karaf once the boot features are installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BootFinished bootFinished;

    @Activate
    public ModulesHealthCheck(@Reference ModuleRegistry modules) {
        this.modules = modules;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        if (bootFinished == null) {
            log.temporarilyUnavailable("Karaf is still installing the features it starts with");
        }
        List<ModuleInfo> installed = modules.modules();
        for (ModuleInfo module : installed) {
            List<String> inactive = modules.inactiveBundles(module);
            if (!"Started".equalsIgnoreCase(module.state())) {
                log.critical("{} {} is {}, not started", module.name(), module.version(), module.state());
            } else if (!inactive.isEmpty()) {
                log.critical("{} {}: {}", module.name(), module.version(), String.join(", ", inactive));
            } else {
                log.info("{} {} started", module.name(), module.version());
            }
        }
        if (installed.isEmpty()) {
            log.critical("no OpenWard module is installed");
        }
        return new Result(log);
    }
}
