package org.openward.platform.impl.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.platform.api.security.SecurityEvent;
import org.openward.platform.api.security.SecurityEvent.Type;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

/** Lockout and backoff, the TOTP second factor, and session timeouts, on a real database. */
public class LoginProtectionTest {

    private final TestDatabase database = new TestDatabase();
    private final List<SecurityEvent> events = new ArrayList<>();
    private final Totp totp = Totp.standard();
    private Platform platform;

    @Before
    public void setUp() {
        platform = new Platform(database, LoginPolicy.defaults());
        platform.security.addListener(events::add);
        platform.user("nora", "nurse");
        platform.user("nigel", "nurse");
        platform.user("pat", "patient");
    }

    @After
    public void close() {
        database.close();
    }

    /** The TOTP column as the database holds it. */
    private String storedTotpSecret(String username) {
        try (Connection c = database.dataSource().getConnection();
                java.sql.PreparedStatement select = c.prepareStatement(
                        "SELECT totp_secret FROM platform_user WHERE username = ?")) {
            select.setString(1, username);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void fiveFailuresLockTheAccountWithTheSameAnswerAndBackOffWithoutLockingOthers() {
        String refusal = failedLogin("nora", "wrong-password-1", null).getMessage();
        for (int i = 2; i <= 5; i++) {
            assertEquals(refusal, failedLogin("nora", "wrong-password-" + i, null).getMessage());
        }
        assertEquals("an unknown user is answered alike", refusal, failedLogin("nobody", "whatever", null).getMessage());
        assertEquals("the right password while locked is answered alike", refusal,
                failedLogin("nora", "nora-password", null).getMessage());
        assertEquals("others are not locked", "nigel", passwordLogin("nigel").username());
        assertTrue(events.stream().anyMatch(e -> e.type() == Type.ACCOUNT_LOCKED && e.username().equals("nora")
                && e.detail().contains("5 failed logins")));

        platform.clock.advance(Duration.ofSeconds(61));
        failedLogin("nora", "wrong-password-6", null);
        platform.clock.advance(Duration.ofSeconds(61));
        assertEquals("the sixth failure doubled the lock to two minutes", refusal,
                failedLogin("nora", "nora-password", null).getMessage());
        platform.clock.advance(Duration.ofSeconds(60));
        assertEquals("nora", passwordLogin("nora").username());
        assertEquals("a complete login clears the count", 0, failedLogins("nora"));
    }

    @Test
    public void attemptsDuringALockNeitherCountNorExtendIt() {
        for (int i = 0; i < 5; i++) {
            failedLogin("nora", "wrong", null);
        }
        for (int i = 0; i < 20; i++) {
            failedLogin("nora", "wrong", null);
        }
        assertEquals(5, failedLogins("nora"));
        platform.clock.advance(Duration.ofSeconds(61));
        assertEquals("nora", passwordLogin("nora").username());
    }

    @Test
    public void staffWithoutASecondFactorGetATokenThatCanOnlyEnrolOne() {
        PlatformSecurity.Login login = passwordLogin("nora");
        assertEquals("enrolment-required", login.mfa());
        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> as(login.token(), () -> {
            platform.security.checkPermission("records:patient-in-care:read");
            return null;
        }));
        assertTrue(refused.getMessage(), refused.getMessage().contains("enrol a second factor first"));

        PlatformSecurity.Enrolment enrolment = as(login.token(), platform.security::startTotpEnrolment);
        assertTrue(enrolment.uri(), enrolment.uri().startsWith("otpauth://totp/OpenWard%20Test:nora?secret="
                + enrolment.secret()));
        byte[] secret = Totp.fromBase32(enrolment.secret());
        String stored = storedTotpSecret("nora");
        assertTrue("sealed, not the seed: " + stored, stored.startsWith("v1:") && !stored.contains(enrolment.secret()));

        InvalidInputException wrong = assertThrows(InvalidInputException.class, () -> as(login.token(), () -> {
            platform.security.confirmTotpEnrolment("000000".equals(code(secret)) ? "111111" : "000000", login.token());
            return null;
        }));
        assertEquals("code", wrong.field());
        as(login.token(), () -> {
            platform.security.confirmTotpEnrolment(code(secret), login.token());
            return null;
        });
        assertThrows("the enrolment session ended", NotAuthenticatedException.class, () -> as(login.token(), () -> null));
        assertTrue(events.stream().anyMatch(e -> e.type() == Type.MFA_ENROLLED && e.username().equals("nora")));

        NotAuthenticatedException missing = failedLogin("nora", "nora-password", null);
        assertEquals("OW-0402", missing.code());
        assertEquals("the confirming code was spent", "OW-0401", failedLogin("nora", "nora-password", code(secret)).code());

        platform.clock.advance(Duration.ofSeconds(30));
        PlatformSecurity.Login full = platform.security.login("nora", "nora-password".toCharArray(), code(secret),
                "10.0.0.1", "r");
        assertEquals("verified", full.mfa());
        as(full.token(), () -> {
            platform.security.checkPermission("records:patient-in-care:read");
            return null;
        });
        assertEquals("each code works once", "OW-0401", failedLogin("nora", "nora-password", code(secret)).code());
        assertEquals("a wrong code with the right password", "OW-0401",
                failedLogin("nora", "nora-password", "12345x").code());

        assertThrows("a second enrolment needs an administrator's reset", ConflictException.class,
                () -> as(full.token(), platform.security::startTotpEnrolment));
    }

    @Test
    public void anAdministratorResetsALostSecondFactorAndIsReported() {
        PlatformSecurity.Login login = passwordLogin("nora");
        PlatformSecurity.Enrolment enrolment = as(login.token(), platform.security::startTotpEnrolment);
        as(login.token(), () -> {
            platform.security.confirmTotpEnrolment(code(Totp.fromBase32(enrolment.secret())), login.token());
            return null;
        });
        assertEquals("OW-0402", failedLogin("nora", "nora-password", null).code());

        platform.security.callAsSystem("test", () -> {
            platform.users.resetSecondFactor("nora");
            return null;
        });
        assertEquals("enrolment-required", passwordLogin("nora").mfa());
        assertTrue(events.stream().anyMatch(e -> e.type() == Type.MFA_RESET && e.detail().contains("of nora")));
        assertThrows(org.openward.platform.api.error.NotFoundException.class, () -> platform.security.callAsSystem("test",
                () -> {
                    platform.users.resetSecondFactor("nobody");
                    return null;
                }));
        platform.user("clerk", "billing");
        String clerk = platform.security.login("clerk", "clerk-password".toCharArray(), null, "10.0.0.1", "r").token();
        assertThrows(AccessDeniedException.class, () -> as(clerk, () -> {
            platform.users.resetSecondFactor("nora");
            return null;
        }));
    }

    @Test
    public void patientsMaySignInWithAPasswordAlone() {
        assertEquals("not-enrolled", passwordLogin("pat").mfa());
    }

    @Test
    public void wrongCodesCountTowardsTheLock() throws Exception {
        PlatformSecurity.Login login = passwordLogin("nigel");
        PlatformSecurity.Enrolment enrolment = as(login.token(), platform.security::startTotpEnrolment);
        byte[] secret = Totp.fromBase32(enrolment.secret());
        as(login.token(), () -> {
            platform.security.confirmTotpEnrolment(code(secret), login.token());
            return null;
        });
        String wrong = "000000".equals(code(secret)) ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            failedLogin("nigel", "nigel-password", wrong);
        }
        platform.clock.advance(Duration.ofSeconds(30));
        assertEquals("locked, even with the right password and code", "OW-0401",
                failedLogin("nigel", "nigel-password", code(secret)).code());
        assertEquals("the lock keeps the second factor", enrolment.secret(),
                platform.accounts.credentials("nigel").orElseThrow().totp().secret());
    }

    @Test
    public void idleAndExpiredSessionsEndOnceAndAreReportedAsTimeouts() {
        PlatformSecurity.Login used = platform.security.login("pat", "pat-password".toCharArray(), null, "10.0.0.1", "r");
        PlatformSecurity.Login forgotten = platform.security.login("pat", "pat-password".toCharArray(), null, "10.0.0.1",
                "r");
        platform.clock.advance(Duration.ofMinutes(16));
        assertThrows(NotAuthenticatedException.class, () -> as(used.token(), () -> null));
        assertThrows(NotAuthenticatedException.class, () -> as(used.token(), () -> null));
        platform.security.endTimedOutSessions();
        platform.security.endTimedOutSessions();
        List<SecurityEvent> timeouts = events.stream().filter(e -> e.type() == Type.SESSION_TIMEOUT).toList();
        assertEquals("one per session, however often it is tried or swept: " + timeouts, 2, timeouts.size());
        assertTrue(timeouts.stream().allMatch(e -> e.username().equals("pat") && e.detail().contains("idle")));
        assertThrows(NotAuthenticatedException.class, () -> as(forgotten.token(), () -> null));
    }

    private PlatformSecurity.Login passwordLogin(String username) {
        return platform.security.login(username, (username + "-password").toCharArray(), null, "10.0.0.1", "r");
    }

    private NotAuthenticatedException failedLogin(String username, String password, String code) {
        return assertThrows(NotAuthenticatedException.class,
                () -> platform.security.login(username, password.toCharArray(), code, "10.0.0.66", "r"));
    }

    private String code(byte[] secret) {
        return totp.code(secret, Totp.step(platform.clock.instant()));
    }

    private <T> T as(String token, java.util.function.Supplier<T> work) {
        return platform.security.callWithToken(token, "10.0.0.1", "r", work);
    }

    private int failedLogins(String username) {
        try (Connection c = database.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT failed_logins FROM platform_user WHERE username = '" + username + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
