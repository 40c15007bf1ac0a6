package org.openward.platform.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.impl.modules.ModuleInfo;
import org.openward.platform.impl.modules.ModuleRegistry;

@Command(scope = "openward", name = "modules", description = "Lists the installed OpenWard modules with version and state.")
@Service
public class ModulesCommand implements Action {

    @Reference
    AccessControl access;

    @Reference
    ModuleRegistry modules;

    @Override
    public Object execute() {
        return access.callAsShellUser(() -> {
            access.checkPermission(ModuleRegistry.PERMISSION_READ);
            ShellTable table = new ShellTable();
            table.column("Module");
            table.column("Version");
            table.column("State");
            table.column("Description");
            for (ModuleInfo module : modules.modules()) {
                table.addRow().addContent(module.name(), module.version(), module.state(), module.description());
            }
            table.print(System.out);
            return null;
        });
    }
}
