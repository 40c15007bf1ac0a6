package org.openward.audit.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditPage;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.audit.testing.TestAuditTrail;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.NotAuthenticatedException;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

public class JpaAuditTrailTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private JpaAuditTrail trail;

    @Before
    public void setUp() {
        platform = new Platform(database);
        trail = new TestAuditTrail(database, platform, folder.getRoot().toPath()).trail;
        platform.user("privacy", "auditor");
        platform.user("dr.house", "physician");
    }

    @After
    public void close() {
        database.close();
    }

    private List<AuditRecord> readAs(String user, AuditQuery query) {
        return platform.security.callWithToken(platform.login(user), "10.1.1.1", "read-" + user, () -> trail.search(query).records());
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
        List<AuditRecord> searches = readAs("privacy", AuditQuery.latest(3).actor("system:test").actions(AuditAction.SEARCH));
        assertEquals(List.of("p-4", "p-3", "p-2"), searches.stream().map(AuditRecord::patientId).toList());
    }

    @Test
    public void searchesPageAndCountAndTakeATimeSpanAndSeveralActions() {
        platform.security.callAsSystem("test", () -> {
            for (int i = 0; i < 5; i++) {
                trail.record(AuditEvent.of(i % 2 == 0 ? AuditAction.CREATE : AuditAction.UPDATE, AuditOutcome.SUCCESS)
                        .patient("p-" + i));
                platform.clock.advance(java.time.Duration.ofMinutes(1));
            }
            trail.record(AuditEvent.of(AuditAction.DELETE, AuditOutcome.SUCCESS).patient("p-5"));
            return null;
        });
        AuditQuery writes = AuditQuery.latest(2).actor("system:test").actions(AuditAction.CREATE, AuditAction.UPDATE);
        AuditPage second = platform.security.callWithToken(platform.login("privacy"), "10.1.1.1", "page",
                () -> trail.search(writes.offset(2)));
        assertEquals(5, second.total());
        assertEquals(List.of("p-2", "p-1"), second.records().stream().map(AuditRecord::patientId).toList());
        java.time.Instant third = platform.clock.instant().minus(java.time.Duration.ofMinutes(3));
        AuditQuery all = AuditQuery.latest(10).actor("system:test")
                .actions(AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE);
        List<AuditRecord> early = readAs("privacy", all.until(third));
        assertEquals(List.of("p-1", "p-0"), early.stream().map(AuditRecord::patientId).toList());
        List<AuditRecord> late = readAs("privacy", all.since(third));
        assertEquals(List.of("p-5", "p-4", "p-3", "p-2"), late.stream().map(AuditRecord::patientId).toList());
    }

    @Test
    public void oneRecordIsReadByIdAndAMissingOneIsAnAuditedNotFound() {
        platform.security.callAsSystem("test", () -> {
            trail.record(AuditEvent.of(AuditAction.READ, AuditOutcome.SUCCESS).patient("p-7"));
            return null;
        });
        long id = readAs("privacy", AuditQuery.forPatient("p-7", 1)).get(0).id();
        String token = platform.login("privacy");
        AuditRecord read = platform.security.callWithToken(token, "10.1.1.1", "read-one", () -> trail.read(Long.toString(id)));
        assertEquals("p-7", read.patientId());
        for (String missing : List.of("999999", "abc", "-1", "1".repeat(40))) {
            NotFoundException refused = assertThrows(NotFoundException.class, () ->
                    platform.security.callWithToken(token, "10.1.1.1", "read-missing", () -> trail.read(missing)));
            assertEquals("OW-2404", refused.code());
        }
        List<AuditRecord> reads = readAs("privacy", AuditQuery.latest(10).actor("privacy").actions(AuditAction.READ));
        assertEquals(4, reads.stream().filter(r -> r.outcome() == AuditOutcome.FAILURE).count());
        assertTrue(reads.stream().anyMatch(r -> r.outcome() == AuditOutcome.SUCCESS && r.patientId() == null
                && Long.toString(id).equals(r.resourceId())));
        assertThrows(AccessDeniedException.class, () -> platform.security.callWithToken(platform.login("dr.house"),
                "10.1.1.1", "nosy", () -> trail.read(Long.toString(id))));
    }

    @Test
    public void onlyAuditorsReadTheTrailAndEveryReadingIsItselfRecorded() {
        assertThrows(AccessDeniedException.class, () -> readAs("dr.house", AuditQuery.latest(10)));
        readAs("privacy", AuditQuery.forPatient("p-9", 5));
        List<AuditRecord> latest = readAs("privacy", AuditQuery.latest(5));
        assertTrue(latest.stream().anyMatch(r -> r.action() == AuditAction.SEARCH && "AuditEvent".equals(r.resourceType())
                && "privacy".equals(r.actor()) && r.detail().contains("patient=p-9")));
        assertTrue("the refusal itself is on the trail", latest.stream().anyMatch(r ->
                r.action() == AuditAction.ACCESS_DENIED && "dr.house".equals(r.actor())
                        && "audit:event:read".equals(r.detail())));
    }

    @Test
    public void loginsAndFailedLoginsAreRecorded() {
        assertThrows(NotAuthenticatedException.class, () ->
                platform.security.login("dr.house", "wrong-password".toCharArray(), null, "172.16.0.9", "bad-login"));
        List<AuditRecord> logins = readAs("privacy", AuditQuery.latest(5).actor("dr.house").actions(AuditAction.LOGIN));
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
