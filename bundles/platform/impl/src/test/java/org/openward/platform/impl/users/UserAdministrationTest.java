package org.openward.platform.impl.users;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.platform.api.security.SecurityEvent;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

/** Locking accounts and changing roles, on a real database with the real security. */
public class UserAdministrationTest {

    private final TestDatabase database = new TestDatabase();
    private final List<SecurityEvent> events = new ArrayList<>();
    private Platform platform;

    @Before
    public void setUp() {
        platform = new Platform(database);
        platform.security.addListener(events::add);
        platform.user("ada", "admin");
        platform.user("nora", "nurse");
    }

    @After
    public void close() {
        database.close();
    }

    private <T> T as(String token, Supplier<T> work) {
        return platform.security.callWithToken(token, "10.0.0.9", "req", work);
    }

    private void asAda(Runnable work) {
        as(platform.login("ada"), () -> {
            work.run();
            return null;
        });
    }

    @Test
    public void aLockedAccountCannotSignInAndItsSessionsEndAtOnce() {
        String noraToken = platform.login("nora");
        asAda(() -> platform.users.setEnabled("nora", false));
        assertThrows(NotAuthenticatedException.class, () -> as(noraToken, () -> null));
        assertThrows(NotAuthenticatedException.class, () -> platform.login("nora"));
        assertEquals(SecurityEvent.Type.ACCOUNT_DISABLED, events.stream()
                .filter(e -> e.detail().contains("locked user nora")).findFirst().orElseThrow().type());

        asAda(() -> platform.users.setEnabled("nora", true));
        as(platform.login("nora"), () -> null);
        asAda(() -> assertThrows(ConflictException.class, () -> platform.users.setEnabled("ada", false)));
        asAda(() -> assertThrows(NotFoundException.class, () -> platform.users.setEnabled("nobody", false)));
        assertThrows("nurses do not lock accounts", AccessDeniedException.class,
                () -> as(platform.login("nora"), () -> {
                    platform.users.setEnabled("ada", false);
                    return null;
                }));
    }

    @Test
    public void aGrantedRoleCountsFromTheNextRequestAndAUserKeepsOneRole() {
        String noraToken = platform.login("nora");
        assertFalse(as(noraToken, () -> platform.security.isPermitted("audit:event:read")));
        asAda(() -> assertEquals(Set.of("nurse", "auditor"), platform.users.grantRole("nora", "auditor").roles()));
        assertTrue("the same session, the new role", as(noraToken, () -> platform.security.isPermitted("audit:event:read")));

        asAda(() -> assertEquals(Set.of("auditor"), platform.users.revokeRole("nora", "nurse").roles()));
        assertFalse(as(noraToken, () -> platform.security.isPermitted("records:patient-in-care:read")));
        asAda(() -> {
            assertEquals("OW-0114", assertThrows(ConflictException.class,
                    () -> platform.users.revokeRole("nora", "auditor")).code());
            assertEquals("OW-0113", assertThrows(ConflictException.class,
                    () -> platform.users.grantRole("nora", "auditor")).code());
            assertEquals("OW-0105", assertThrows(InvalidInputException.class,
                    () -> platform.users.grantRole("nora", "wizard")).code());
        });
        assertEquals(2, events.stream().filter(e -> e.type() == SecurityEvent.Type.ROLE_GRANTED
                || e.type() == SecurityEvent.Type.ROLE_REVOKED).count());
    }
}
