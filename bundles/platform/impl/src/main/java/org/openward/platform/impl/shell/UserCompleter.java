package org.openward.platform.impl.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.users.UserAccount;
import org.openward.platform.api.users.UserAdministration;

/** Completes user names, for whoever may manage users (nothing for anyone else). */
@Service
public class UserCompleter implements Completer {

    @Reference
    AccessControl access;

    @Reference
    UserAdministration users;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names;
        try {
            names = access.callAsShellUser(() -> users.listUsers().stream().map(UserAccount::username).toList());
        } catch (RuntimeException refused) {
            names = List.of();
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
