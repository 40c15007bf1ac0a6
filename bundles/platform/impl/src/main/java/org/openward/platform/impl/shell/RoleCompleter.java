package org.openward.platform.impl.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.openward.platform.api.users.UserAdministration;

/** Completes role names. */
@Service
public class RoleCompleter implements Completer {

    @Reference
    UserAdministration users;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(users.roleNames()).complete(session, commandLine, candidates);
    }
}
