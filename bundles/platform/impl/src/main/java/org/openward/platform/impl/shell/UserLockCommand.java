package org.openward.platform.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.users.UserAdministration;

@Command(scope = "openward", name = "user-lock", description = "Locks an account: no login, and its open sessions"
        + " end at once. With --unlock, opens it again (also after too many failed logins). Audited.")
@Service
public class UserLockCommand implements Action {

    @Argument(name = "username", required = true, description = "The account.")
    @Completion(UserCompleter.class)
    String username;

    @Option(name = "--unlock", description = "Unlock the account instead.")
    boolean unlock;

    @Reference
    AccessControl access;

    @Reference
    UserAdministration users;

    @Override
    public Object execute() {
        access.callAsShellUser(() -> {
            users.setEnabled(username, unlock);
            return null;
        });
        System.out.println(unlock ? "User " + username + " unlocked."
                : "User " + username + " locked; their sessions have ended.");
        return null;
    }
}
