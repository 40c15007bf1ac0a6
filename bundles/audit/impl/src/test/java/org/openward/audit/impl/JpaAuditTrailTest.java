package org.openward.audit.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

public class JpaAuditTrailTest {

    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private JpaAuditTrail trail;

    @Before
    public void setUp() {
        platform = new Platform(database);
        trail = new JpaAuditTrail(database.migrator(JpaAuditTrail.class), database.jpa("openward-audit"), platform.security,
                platform.clock);
        platform.security.addListener(trail);
        platform.user("privacy", "auditor");
        platform.user("dr.house", "physician");
    }

    @After
    public void close() {
        database.close();
    }

    private List<AuditRecord> readAs(String user, AuditQuery query) {
        return platform.security.callWithToken(platform.login(user), "10.1.1.1", "read-" + user, () -> trail.search(query));
    }

    @Test
    public void recordsWhoWhatWhichPatientWhenAndFromWhere() {
        String token = platform.login("dr.house");
        platform.security.callWithToken(token, "192.168.7.7", "req-1", () -> {
            trail.record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS).patient("p-1").resource("Patient", "p-1"));
            return null;
        });
        AuditRecord read = readAs("privacy", AuditQuery.forPatient("p-1", 10)).get(0);
        assertEquals("dr.house", read.actor());
        assertEquals(AuditAction.READ, read.action());
        assertEquals(AuditOutcome.SUCCESS, read.outcome());
        assertEquals("p-1", read.patientId());
        assertEquals("Patient", read.resourceType());
        assertEquals("p-1", read.resourceId());
        assertEquals("HTTP", read.channel());
        assertEquals("192.168.7.7", read.sourceAddress());
        assertEquals("req-1", read.requestId());
        assertEquals(platform.clock.instant(), read.recordedAt());
    }

    @Test
    public void searchesComeNewestFirstAndFilterByActorAndAction() {
        platform.security.callAsSystem("test", () -> {
            for (int i = 0; i < 5; i++) {
                trail.record(AuditEvent.of(AuditAction.SEARCH, AuditOutcome.SUCCESS).patient("p-" + i));
            }
            return null;
        });
        List<AuditRecord> searches = readAs("privacy", new AuditQuery(null, "system:test", AuditAction.SEARCH, null, 3));
        assertEquals(List.of("p-4", "p-3", "p-2"), searches.stream().map(AuditRecord::patientId).toList());
    }

    @Test
    public void onlyAuditorsReadTheTrailAndEveryReadingIsItselfRecorded() {
        assertThrows(AccessDeniedException.class, () -> readAs("dr.house", AuditQuery.latest(10)));
        readAs("privacy", AuditQuery.forPatient("p-9", 5));
        List<AuditRecord> latest = readAs("privacy", AuditQuery.latest(5));
        assertTrue(latest.stream().anyMatch(r -> r.action() == AuditAction.READ && "AuditEvent".equals(r.resourceType())
                && "privacy".equals(r.actor()) && r.detail().contains("patient=p-9")));
        assertTrue("the refusal itself is on the trail", latest.stream().anyMatch(r ->
                r.action() == AuditAction.ACCESS_DENIED && "dr.house".equals(r.actor())
                        && "audit:event:read".equals(r.detail())));
    }

    @Test
    public void loginsAndFailedLoginsAreRecorded() {
        assertThrows(NotAuthenticatedException.class, () ->
                platform.security.login("dr.house", "wrong-password".toCharArray(), "172.16.0.9", "bad-login"));
        List<AuditRecord> logins = readAs("privacy", new AuditQuery(null, "dr.house", AuditAction.LOGIN, null, 5));
        AuditRecord failed = logins.stream().filter(r -> "bad-login".equals(r.requestId())).findFirst().orElseThrow();
        assertEquals(AuditOutcome.DENIED, failed.outcome());
        assertEquals("172.16.0.9", failed.sourceAddress());
        assertNull(failed.patientId());
    }

    @Test
    public void aRecordNeedsACaller() {
        assertThrows(NotAuthenticatedException.class, () ->
                trail.record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS)));
    }

    @Test
    public void detailsAreMadePrintableAndCapped() {
        assertEquals("name=?[31mred", JpaAuditTrail.printable("name=\u001b[31mred"));
        assertEquals(JpaAuditTrail.MAX_DETAIL, JpaAuditTrail.printable("x".repeat(5000)).length());
        assertNull(JpaAuditTrail.printable(null));
    }
}
