package org.openward.platform.impl.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The runtime's health: every Felix health check tagged {@value #TAG} (the platform's own and
 * those each module registers), run by the Felix executor, worst status first. Always run afresh
 * (not from the executor's result cache): a module that just stopped must show at once.
 */
@Component(service = PlatformHealth.class)
public class PlatformHealth {

    /** The tag of every OpenWard health check. */
    public static final String TAG = "openward";

    /** One check's outcome and what it said. */
    public record Check(String name, Result.Status status, List<String> messages) {
    }

    /** The overall status (the worst of the checks; critical when there is none) and each check. */
    public record Report(Result.Status status, List<Check> checks) {

        public boolean healthy() {
            return status == Result.Status.OK || status == Result.Status.WARN;
        }
    }

    private final HealthCheckExecutor executor;
    private final ModuleHealthChecks modules;

    @Activate
    public PlatformHealth(@Reference HealthCheckExecutor executor, @Reference ModuleHealthChecks modules) {
        this.executor = executor;
        this.modules = modules;
    }

    /** Every check. */
    public Report report() {
        return report(TAG);
    }

    /** The checks of one module ({@code openward-records}, say). */
    public Report module(String module) {
        return report(ModuleHealthChecks.tag(module));
    }

    private Report report(String tag) {
        modules.synchronise();
        List<Check> checks = new ArrayList<>();
        for (HealthCheckExecutionResult executed : executor.execute(HealthCheckSelector.tags(tag),
                new HealthCheckExecutionOptions().setForceInstantExecution(true))) {
            Result result = executed.getHealthCheckResult();
            List<String> messages = new ArrayList<>();
            for (ResultLog.Entry entry : result) {
                if (!entry.isDebug()) {
                    messages.add(entry.getStatus() + " " + entry.getMessage());
                }
            }
            checks.add(new Check(executed.getHealthCheckMetadata().getName(), result.getStatus(), messages));
        }
        checks.sort(Comparator.comparing(Check::status).reversed().thenComparing(Check::name));
        Result.Status overall = checks.isEmpty() ? Result.Status.CRITICAL : checks.get(0).status();
        return new Report(overall, checks);
    }
}
