package org.openward.platform.impl.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

public class ShellLoginModuleTest {

    private final TestDatabase database = new TestDatabase();
    private Platform platform;

    @Before
    public void setUp() {
        platform = new Platform(database);
        platform.user("root.admin", "admin");
        platform.user("dr.who", "physician");
    }

    @After
    public void close() {
        database.close();
    }

    private Subject login(String username, String password) throws Exception {
        Subject subject = new Subject();
        ShellLoginModule module = new ShellLoginModule();
        module.initialize(subject, callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(username);
                } else if (callback instanceof PasswordCallback secret) {
                    secret.setPassword(password.toCharArray());
                }
            }
        }, Map.of(), Map.of(ShellLoginModule.SECURITY_OPTION, platform.security));
        module.login();
        module.commit();
        return subject;
    }

    private static Set<String> roles(Subject subject) {
        return subject.getPrincipals(RolePrincipal.class).stream().map(Principal::getName).collect(Collectors.toSet());
    }

    @Test
    public void anAdministratorGetsTheKarafRolesThatOpenTheShell() throws Exception {
        Subject subject = login("root.admin", "root.admin-password");
        assertEquals("root.admin", subject.getPrincipals(UserPrincipal.class).iterator().next().getName());
        assertTrue(roles(subject).containsAll(Set.of("admin", "ssh", "manager", "viewer", "systembundles")));
    }

    @Test
    public void cliniciansMayNotUseTheShell() throws Exception {
        assertEquals(Set.of("physician"), roles(login("dr.who", "dr.who-password")));
    }

    @Test
    public void wrongCredentialsAreRefused() {
        assertThrows(FailedLoginException.class, () -> login("root.admin", "guess"));
        assertThrows(FailedLoginException.class, () -> login("karaf", "karaf"));
    }
}
