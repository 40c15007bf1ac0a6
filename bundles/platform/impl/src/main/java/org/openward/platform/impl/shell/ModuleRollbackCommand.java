package org.openward.platform.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.impl.modules.ModuleUpdates;

@Command(scope = "openward", name = "module-rollback", description = "Returns a module to the implementation it ran"
        + " before its last openward:module-update, the same way: without stopping the platform. Audited.")
@Service
public class ModuleRollbackCommand implements Action {

    @Argument(index = 0, name = "module", required = true, description = "The module, e.g. openward-records or records.")
    @Completion(ModuleCompleter.class)
    String module;

    @Reference
    AccessControl access;

    @Reference
    ModuleUpdates updates;

    @Override
    public Object execute() {
        ModuleUpdates.Outcome outcome = access.callAsShellUser(() -> updates.rollback(module));
        System.out.println(outcome.describe("rolled back"));
        return null;
    }
}
