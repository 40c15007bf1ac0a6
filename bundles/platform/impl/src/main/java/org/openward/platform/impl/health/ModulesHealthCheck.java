package org.openward.platform.impl.health;

import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.openward.platform.impl.modules.ModuleInfo;
import org.openward.platform.impl.modules.ModuleRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Every installed OpenWard module has started, and each of its own bundles is active. */
@Component(property = {
        HealthCheck.NAME + "=Modules",
        HealthCheck.TAGS + "=" + PlatformHealth.TAG,
        HealthCheck.TAGS + "=platform"
})
public class ModulesHealthCheck implements HealthCheck {

    private final ModuleRegistry modules;

    @Activate
    public ModulesHealthCheck(@Reference ModuleRegistry modules) {
        this.modules = modules;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
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
