package org.openward.platform.impl.shell;

import java.util.TreeSet;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.users.UserAccount;
import org.openward.platform.api.users.UserAdministration;

@Command(scope = "openward", name = "user-list", description = "Lists OpenWard user accounts and their roles.")
@Service
public class UserListCommand implements Action {

    @Reference
    AccessControl access;

    @Reference
    UserAdministration users;

    @Override
    public Object execute() {
        return access.callAsShellUser(() -> {
            ShellTable table = new ShellTable();
            table.column("Username");
            table.column("Name");
            table.column("Roles");
            table.column("Enabled");
            for (UserAccount account : users.listUsers()) {
                table.addRow().addContent(account.username(), account.displayName(),
                        String.join(", ", new TreeSet<>(account.roles())), account.enabled());
            }
            table.print(System.out);
            return null;
        });
    }
}
