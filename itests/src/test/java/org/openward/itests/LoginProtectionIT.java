package org.openward.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.itests.support.Http;
import org.openward.itests.support.OneTimeCodes;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Logins as the production configuration has them: a TOTP second factor for staff, and
 * lockout after repeated failures. Demo accounts, with MFA required as in production.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoginProtectionIT extends OpenWardTestSupport {

    @Override
    protected boolean mfaRequired() {
        return true;
    }

    @Before
    public void waitForTheDemoAccounts() {
        login("auditor", "auditor-password");
    }

    @Test
    public void staffEnrolATotpFactorAndThenNeedItsCodeOncePerStep() {
        JsonNode first = loginAnswer("nurse", "nurse-password", null, 200);
        assertEquals("enrolment-required", first.get("mfa").asText());
        String enrolling = first.get("token").asText();
        Http.Answer refused = http().get("/fhir/Patient?name=a", enrolling);
        assertStatus(403, refused);
        assertThat(refused.body(), containsString("enrol a second factor first"));

        JsonNode enrolment = read(http().post("/api/auth/mfa/enrol", enrolling, "application/json", "").body());
        String secret = enrolment.get("secret").asText();
        assertThat(enrolment.get("uri").asText(), startsWith("otpauth://totp/OpenWard:nurse?secret=" + secret));

        Http.Answer wrong = http().post("/api/auth/mfa/confirm", enrolling, "application/json",
                "{\"code\":\"" + notTheCode(secret) + "\"}");
        assertStatus(400, wrong);
        assertEquals("OW-0132", read(wrong.body()).get("code").asText());
        assertStatus(204, http().post("/api/auth/mfa/confirm", enrolling, "application/json",
                "{\"code\":\"" + OneTimeCodes.code(secret, Instant.now(), 0) + "\"}"));
        assertStatus(401, http().get("/api/auth/me", enrolling));

        Http.Answer noCode = http().post("/api/auth/login", null, "application/json", credentials("nurse", "nurse-password", null));
        assertStatus(401, noCode);
        assertEquals("OW-0402", read(noCode.body()).get("code").asText());

        // the confirming code spent the current step; the app's next code is accepted one step early
        String next = OneTimeCodes.code(secret, Instant.now(), 1);
        JsonNode full = loginAnswer("nurse", "nurse-password", next, 200);
        assertEquals("verified", full.get("mfa").asText());
        assertStatus(200, http().get("/fhir/Patient?name=a", full.get("token").asText()));
        assertEquals("the same code twice", "OW-0401",
                loginAnswer("nurse", "nurse-password", next, 401).get("code").asText());

        List<AuditRecord> trail = auditTrail(AuditQuery.latest(50).actor("nurse"));
        assertTrue(trail.toString(), trail.stream().anyMatch(r -> r.action() == AuditAction.USER_CHANGE
                && r.detail().contains("TOTP second factor enrolled")));
        assertTrue(trail.toString(), trail.stream().anyMatch(r -> r.action() == AuditAction.LOGIN
                && r.outcome() == AuditOutcome.SUCCESS && r.detail().contains("second factor: verified")));
    }

    @Test
    public void repeatedFailuresLockOneAccountWithTheSameAnswerAsAnUnknownUser() {
        loginAnswer("billing", "billing-password", null, 200);
        JsonNode unknown = loginAnswer("no-such-user", "billing-password", null, 401);
        for (int i = 0; i < 5; i++) {
            JsonNode wrong = loginAnswer("billing", "wrong-password-" + i, null, 401);
            assertEquals(unknown.get("code").asText(), wrong.get("code").asText());
            assertEquals(unknown.get("message").asText(), wrong.get("message").asText());
        }
        JsonNode locked = loginAnswer("billing", "billing-password", null, 401);
        assertEquals("the right password on a locked account is answered alike", unknown.get("message").asText(),
                locked.get("message").asText());
        loginAnswer("registration", "registration-password", null, 200);

        List<AuditRecord> trail = auditTrail(AuditQuery.latest(50).actor("billing"));
        assertEquals(trail.toString(), 6, trail.stream().filter(r -> r.action() == AuditAction.LOGIN
                && r.outcome() == AuditOutcome.DENIED).count());
        assertTrue(trail.toString(), trail.stream().anyMatch(r -> r.action() == AuditAction.USER_CHANGE
                && r.detail().contains("5 failed logins in a row")));
        assertTrue(trail.toString(), trail.stream().anyMatch(r -> r.action() == AuditAction.LOGIN
                && r.detail().contains("account locked")));
    }

    private JsonNode loginAnswer(String username, String password, String code, int status) {
        Http.Answer answer = http().post("/api/auth/login", null, "application/json", credentials(username, password, code));
        assertStatus(status, answer);
        return read(answer.body());
    }

    private static String credentials(String username, String password, String code) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\""
                + (code == null ? "" : ",\"code\":\"" + code + "\"") + "}";
    }

    /** A six-digit code valid at none of the steps the server accepts now. */
    private static String notTheCode(String secret) {
        Instant now = Instant.now();
        List<String> valid = List.of(OneTimeCodes.code(secret, now, -1), OneTimeCodes.code(secret, now, 0),
                OneTimeCodes.code(secret, now, 1), OneTimeCodes.code(secret, now, 2));
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!valid.contains(code)) {
                return code;
            }
        }
    }
}
