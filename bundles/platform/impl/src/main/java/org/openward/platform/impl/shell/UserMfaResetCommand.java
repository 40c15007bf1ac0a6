package org.openward.platform.impl.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.users.UserAdministration;

@Command(scope = "openward", name = "user-mfa-reset", description = "Removes a user's second factor (a lost or"
        + " replaced phone); at the next login they enrol a new one. Audited.")
@Service
public class UserMfaResetCommand implements Action {

    @Argument(name = "username", required = true, description = "The account whose second factor to remove.")
    String username;

    @Reference
    AccessControl access;

    @Reference
    UserAdministration users;

    @Override
    public Object execute() {
        access.callAsShellUser(() -> {
            users.resetSecondFactor(username);
            return null;
        });
        System.out.println("Second factor of " + username + " removed; they enrol a new one at their next login.");
        return null;
    }
}
