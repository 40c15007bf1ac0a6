package org.openward.platform.impl.security;

import java.io.IOException;
import java.security.Principal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.openward.platform.api.security.NotAuthenticatedException;

/**
 * Logs shell users in with their OpenWard password. The subject gets the user's OpenWard roles
 * and, for the roles that administer the runtime, the Karaf roles that open the shell and its
 * commands ({@link #KARAF_ROLES}).
 */
public class ShellLoginModule implements LoginModule {

    static final String SECURITY_OPTION = "org.openward.security";

    /**
     * Karaf roles granted with an OpenWard role. Only these OpenWard roles may use SSH: the
     * administrators, the auditors, the integration service account (for
     * {@code records:import}) and pharmacists (for {@code pharmacy:stock} and
     * {@code pharmacy:orders}); Karaf's own commands stay closed to the last two.
     */
    static final Map<String, Set<String>> KARAF_ROLES = Map.of(
            "admin", Set.of("admin", "manager", "viewer", "systembundles", "ssh"),
            "auditor", Set.of("viewer", "ssh"),
            "integration", Set.of("ssh"),
            "pharmacist", Set.of("ssh"));

    private Subject subject;
    private CallbackHandler callbacks;
    private PlatformSecurity security;
    private final Set<Principal> principals = new HashSet<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.security = (PlatformSecurity) options.get(SECURITY_OPTION);
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("Username: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot read the credentials: " + e.getMessage());
        }
        char[] secret = password.getPassword();
        password.clearPassword();
        if (name.getName() == null || secret == null) {
            throw new FailedLoginException("invalid username or password");
        }
        Set<String> roles;
        try {
            roles = security.authenticateShellUser(name.getName(), secret);
        } catch (NotAuthenticatedException e) {
            throw new FailedLoginException("invalid username or password");
        }
        principals.add(new UserPrincipal(name.getName()));
        for (String role : roles) {
            principals.add(new RolePrincipal(role));
            KARAF_ROLES.getOrDefault(role, Set.of()).forEach(karafRole -> principals.add(new RolePrincipal(karafRole)));
        }
        return true;
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }
}
