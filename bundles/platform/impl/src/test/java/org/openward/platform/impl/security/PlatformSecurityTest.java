package org.openward.platform.impl.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.PrivilegedAction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.Caller;
import org.openward.platform.api.security.Channel;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.platform.api.security.SecurityEvent;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

public class PlatformSecurityTest {

    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private final List<SecurityEvent> events = new ArrayList<>();

    @Before
    public void setUp() {
        platform = new Platform(database);
        platform.security.addListener(events::add);
        platform.user("dr.grey", "physician");
        platform.user("clerk", "billing");
    }

    @After
    public void close() {
        database.close();
    }

    @Test
    public void passwordsAreStoredAsArgon2idHashesOnly() throws Exception {
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT password_hash FROM platform_user WHERE username = 'dr.grey'")) {
            rs.next();
            String hash = rs.getString(1);
            assertTrue(hash, hash.startsWith("$shiro2$argon2id$"));
            assertFalse(hash.contains("dr.grey-password"));
        }
    }

    @Test
    public void aLoginGivesATokenThatCarriesTheUsersPermissions() {
        PlatformSecurity.Login login = platform.security.login("dr.grey", "dr.grey-password".toCharArray(), null, "10.0.0.7", "r1");
        assertEquals(Set.of("physician"), login.roles());
        assertEquals(43, login.token().length());
        Caller caller = platform.security.callWithToken(login.token(), "10.0.0.7", "r2", () -> {
            platform.security.checkPermission("records:patient-in-care:read");
            assertTrue("wildcard actions", platform.security.isPermitted("records:patient-in-care:read:narrative"));
            assertFalse("in care only", platform.security.isPermitted("records:patient:read"));
            assertFalse(platform.security.isPermitted("audit:event:read"));
            return platform.security.currentCaller();
        });
        assertEquals("dr.grey", caller.username());
        assertEquals(Channel.HTTP, caller.channel());
        assertEquals("10.0.0.7", caller.sourceAddress());
        assertEquals("r2", caller.requestId());
        assertEquals(SecurityEvent.Type.LOGIN_SUCCEEDED, events.get(events.size() - 1).type());
    }

    @Test
    public void wrongPasswordsAndUnknownUsersFailAlikeAndAreReported() {
        NotAuthenticatedException wrong = assertThrows(NotAuthenticatedException.class, () ->
                platform.security.login("dr.grey", "not-her-password".toCharArray(), null, "10.0.0.9", "r1"));
        NotAuthenticatedException unknown = assertThrows(NotAuthenticatedException.class, () ->
                platform.security.login("nobody", "not-her-password".toCharArray(), null, "10.0.0.9", "r2"));
        assertEquals(wrong.getMessage(), unknown.getMessage());
        assertEquals(List.of(SecurityEvent.Type.LOGIN_FAILED, SecurityEvent.Type.LOGIN_FAILED),
                events.subList(events.size() - 2, events.size()).stream().map(SecurityEvent::type).toList());
        assertEquals("nobody", events.get(events.size() - 1).username());
    }

    @Test
    public void aRefusalThrowsAndIsReported() {
        String token = platform.login("clerk");
        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () ->
                platform.security.callWithToken(token, "10.0.0.3", "r9", () -> {
                    platform.security.checkPermission("records:patient:create");
                    return null;
                }));
        assertEquals("records:patient:create", refused.permission());
        SecurityEvent last = events.get(events.size() - 1);
        assertEquals(SecurityEvent.Type.ACCESS_DENIED, last.type());
        assertEquals("clerk", last.username());
        assertEquals("records:patient:create", last.detail());
        assertEquals("r9", last.requestId());
    }

    @Test
    public void nobodyIsBoundOutsideARequest() {
        assertThrows(NotAuthenticatedException.class, platform.security::currentCaller);
        assertThrows(NotAuthenticatedException.class, () -> platform.security.checkPermission("records:patient:read"));
        assertFalse(platform.security.isPermitted("records:patient:read"));
    }

    @Test
    public void tokensDieWhenIdleAtTheEndOfTheirLifeOrAtLogout() {
        String idle = platform.login("dr.grey");
        platform.clock.advance(Duration.ofMinutes(14));
        assertEquals("dr.grey", whoHolds(idle));
        platform.clock.advance(Duration.ofMinutes(14));
        assertEquals("used 14 minutes ago: still alive", "dr.grey", whoHolds(idle));
        platform.clock.advance(Duration.ofMinutes(16));
        assertThrows(NotAuthenticatedException.class, () -> whoHolds(idle));

        String busy = platform.login("dr.grey");
        for (int i = 0; i < 12 * 6 - 1; i++) {
            platform.clock.advance(Duration.ofMinutes(10));
            whoHolds(busy);
        }
        platform.clock.advance(Duration.ofMinutes(10));
        assertThrows("12 hours after login, however busy", NotAuthenticatedException.class, () -> whoHolds(busy));

        String leaving = platform.login("dr.grey");
        platform.security.callWithToken(leaving, "10.0.0.1", "r", () -> {
            platform.security.logout(leaving);
            return null;
        });
        assertThrows(NotAuthenticatedException.class, () -> whoHolds(leaving));
        assertThrows(NotAuthenticatedException.class, () -> whoHolds("x".repeat(43)));
        assertThrows(NotAuthenticatedException.class, () -> whoHolds(null));
        assertNotEquals(platform.login("dr.grey"), platform.login("dr.grey"));
    }

    private String whoHolds(String token) {
        return platform.security.callWithToken(token, "10.0.0.1", "r",
                () -> platform.security.currentCaller().username());
    }

    @Test
    public void shellUsersGetThePermissionsOfTheirOpenWardRoles() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("karaf"));
        subject.getPrincipals().add(new RolePrincipal("admin"));
        subject.getPrincipals().add(new RolePrincipal("systembundles"));
        Caller caller = Subject.doAs(subject, (PrivilegedAction<Caller>) () ->
                platform.security.callAsShellUser(() -> {
                    platform.security.checkPermission("platform:user:manage");
                    assertFalse(platform.security.isPermitted("audit:event:read"));
                    return platform.security.currentCaller();
                }));
        assertEquals("karaf", caller.username());
        assertEquals(Channel.SHELL, caller.channel());
        assertThrows(NotAuthenticatedException.class, () -> platform.security.callAsShellUser(() -> null));
    }

    @Test
    public void theSystemCallerHoldsEveryPermissionAndSaysWhy() {
        Caller caller = platform.security.callAsSystem("demo", () -> {
            platform.security.checkPermission("anything:at:all");
            return platform.security.currentCaller();
        });
        assertEquals("system:demo", caller.username());
        assertEquals(Channel.SYSTEM, caller.channel());
    }
}
