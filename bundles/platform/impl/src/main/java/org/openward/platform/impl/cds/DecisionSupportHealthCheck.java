package org.openward.platform.impl.cds;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.openward.platform.impl.health.PlatformHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The decision support plugins answer: WARN for a service whose last call failed (a plugin's
 * failure never stops the workflow, so it is a warning, not an outage), with its last reason.
 */
@Component(property = {
        HealthCheck.NAME + "=Decision support",
        HealthCheck.TAGS + "=" + PlatformHealth.TAG,
        HealthCheck.TAGS + "=platform"
})
public class DecisionSupportHealthCheck implements HealthCheck {

    private final PlatformCdsHooks hooks;

    @Activate
    public DecisionSupportHealthCheck(@Reference PlatformCdsHooks hooks) {
        this.hooks = hooks;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        var services = hooks.health();
        if (services.isEmpty()) {
            log.info("no decision support service is registered");
        }
        for (ServiceHealth.Summary s : services) {
            String name = s.service().plugin() + "/" + s.service().id();
            if (s.lastCallFailed()) {
                log.warn("{}: unavailable at {}: {} ({} of {} calls failed)", name, s.lastFailureAt(), s.lastFailure(),
                        s.failures(), s.calls());
            } else {
                log.info("{}: answering ({} of {} calls failed)", name, s.failures(), s.calls());
            }
        }
        return new Result(log);
    }
}
