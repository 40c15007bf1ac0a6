package org.openward.platform.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.impl.modules.ModuleUpdates;

@Command(scope = "openward", name = "module-update", description = "Replaces a module's implementation with another"
        + " build while the platform keeps serving: requests wait for the switch instead of failing, no other"
        + " bundle restarts, and a build that does not come up is replaced by the previous one. Audited.")
@Service
public class ModuleUpdateCommand implements Action {

    @Argument(index = 0, name = "module", required = true, description = "The module, e.g. openward-records or records.")
    @Completion(ModuleCompleter.class)
    String module;

    @Argument(index = 1, name = "target", required = true,
            description = "A version of the module's implementation artifact, or the URL or path of a bundle jar.")
    String target;

    @Reference
    AccessControl access;

    @Reference
    ModuleUpdates updates;

    @Override
    public Object execute() {
        ModuleUpdates.Outcome outcome = access.callAsShellUser(() -> updates.update(module, target));
        System.out.println(outcome.describe("updated"));
        return null;
    }
}
