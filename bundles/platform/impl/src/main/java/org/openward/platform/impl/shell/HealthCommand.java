package org.openward.platform.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.impl.health.PlatformHealth;
import org.openward.platform.impl.modules.ModuleRegistry;

@Command(scope = "openward", name = "health", description = "Runs every OpenWard health check (database, modules,"
        + " audit chain, ...) and shows each result; /health gives load balancers the overall status.")
@Service
public class HealthCommand implements Action {

    @Reference
    AccessControl access;

    @Reference
    PlatformHealth health;

    @Override
    public Object execute() {
        return access.callAsShellUser(() -> {
            access.checkPermission(ModuleRegistry.PERMISSION_READ);
            PlatformHealth.Report report = health.report();
            System.out.println("Overall: " + report.status());
            ShellTable table = new ShellTable();
            table.column("Check");
            table.column("Status");
            table.column("Details");
            for (PlatformHealth.Check check : report.checks()) {
                table.addRow().addContent(check.name(), check.status(), String.join("; ", check.messages()));
            }
            table.print(System.out);
            return null;
        });
    }
}
