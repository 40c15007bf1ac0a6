package org.openward.platform.impl.shell;

import java.util.TreeSet;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.users.UserAccount;
import org.openward.platform.api.users.UserAdministration;

@Command(scope = "openward", name = "role-grant", description = "Gives a user a role; their next request has its"
        + " permissions. With --revoke, takes it away (a user keeps at least one role). Audited.")
@Service
public class RoleGrantCommand implements Action {

    @Argument(index = 0, name = "username", required = true, description = "The account.")
    @Completion(UserCompleter.class)
    String username;

    @Argument(index = 1, name = "role", required = true, description = "The role.")
    @Completion(RoleCompleter.class)
    String role;

    @Option(name = "--revoke", description = "Take the role away instead.")
    boolean revoke;

    @Reference
    AccessControl access;

    @Reference
    UserAdministration users;

    @Override
    public Object execute() {
        UserAccount account = access.callAsShellUser(() -> revoke ? users.revokeRole(username, role)
                : users.grantRole(username, role));
        System.out.println("User " + username + " now has roles " + String.join(", ", new TreeSet<>(account.roles()))
                + ".");
        return null;
    }
}
