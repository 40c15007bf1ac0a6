package org.openward.platform.impl.shell;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.users.UserAccount;
import org.openward.platform.api.users.UserAdministration;

/**
 * Creates a user account; asks for the password twice without echoing it. On a production
 * start this is how the first administrator is made.
 */
@Command(scope = "openward", name = "user-add", description = "Creates an OpenWard user account.")
@Service
public class UserAddCommand implements Action {

    @Argument(index = 0, name = "username", required = true,
            description = "Login name: lower case letters, digits, '.', '_' or '-'.")
    String username;

    @Option(name = "--role", aliases = "-r", required = true, multiValued = true,
            description = "A role to grant; repeat for several.")
    @Completion(RoleCompleter.class)
    List<String> roles;

    @Option(name = "--name", aliases = "-n", description = "The person's full name (defaults to the username).")
    String displayName;

    @Reference
    AccessControl access;

    @Reference
    UserAdministration users;

    @Reference
    Session session;

    @Override
    public Object execute() throws IOException {
        char[] password = readPassword();
        UserAccount account = access.callAsShellUser(() -> users.createUser(username,
                displayName == null ? username : displayName, password, Set.copyOf(roles)));
        System.out.println("Created user " + account.username() + " with roles " + String.join(", ", account.roles()));
        return null;
    }

    private char[] readPassword() throws IOException {
        String first = readSecret("Password for " + username + ": ");
        String second = readSecret("Repeat the password: ");
        if (first == null || !first.equals(second)) {
            throw new IllegalArgumentException("the passwords differ; nothing was created");
        }
        return first.toCharArray();
    }

    /** Reads a line without echo at a terminal; from the session's input when scripted. */
    private String readSecret(String prompt) throws IOException {
        if (session.getTerminal() != null) {
            return session.readLine(prompt, '*');
        }
        session.getConsole().print(prompt);
        StringBuilder line = new StringBuilder();
        InputStream in = session.getKeyboard();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        session.getConsole().println();
        return line.toString();
    }
}
