package org.openward.platform.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.impl.health.PlatformHealth;
import org.openward.platform.impl.modules.ModuleInfo;
import org.openward.platform.impl.modules.ModuleRegistry;

@Command(scope = "openward", name = "modules", description = "Lists the installed OpenWard modules with version, state"
        + " and health (openward:health shows each check's details).")
@Service
public class ModulesCommand implements Action {

    @Reference
    AccessControl access;

    @Reference
    ModuleRegistry modules;

    @Reference
    PlatformHealth health;

    @Override
    public Object execute() {
        return access.callAsShellUser(() -> {
            access.checkPermission(ModuleRegistry.PERMISSION_READ);
            ShellTable table = new ShellTable();
            table.column("Module");
            table.column("Version");
            table.column("State");
            table.column("Health");
            table.column("Description");
            for (ModuleInfo module : modules.modules()) {
                PlatformHealth.Report report = health.module(module.name());
                String problems = report.checks().stream().flatMap(c -> c.messages().stream())
                        .filter(m -> !m.startsWith("OK ") && !m.startsWith("INFO ")).findFirst().orElse("");
                table.addRow().addContent(module.name(), module.version(), module.state(),
                        report.status() + (problems.isEmpty() ? "" : ": " + problems), module.description());
            }
            table.print(System.out);
            return null;
        });
    }
}
