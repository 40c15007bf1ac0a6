package org.openward.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.hasItem;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.itests.support.Http;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The audit trail in the running distribution: FHIR AuditEvent for auditors, and the shell's search and verify. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuditIT extends OpenWardTestSupport {

    private String registerAndRead(String family) {
        String token = loginAs("registration");
        Patient patient = new Patient();
        patient.addName().setFamily(family);
        String id = parse(Patient.class, http().post("/fhir/Patient", token, FHIR_JSON, encode(patient)).body())
                .getIdElement().getIdPart();
        putOnCareTeam(id, "physician");
        assertStatus(200, http().get("/fhir/Patient/" + id, loginAs("physician")));
        return id;
    }

    private Bundle auditEvents(String token, String query) {
        Http.Answer answer = http().get("/fhir/AuditEvent?" + query, token);
        assertStatus(200, answer);
        return parse(Bundle.class, answer.body());
    }

    private static List<String> agents(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> ((AuditEvent) e.getResource()).getAgentFirstRep().getWho()
                .getIdentifier().getValue()).toList();
    }

    @Test
    public void auditorsSearchTheTrailAsFhirAuditEventsByPatientAgentDateAndAction() {
        String id = registerAndRead("Auditson");
        String auditor = loginAs("auditor");

        Bundle all = auditEvents(auditor, "patient=Patient/" + id);
        assertEquals("created, put on the physician's care team, read", 3, all.getTotal());
        AuditEvent created = (AuditEvent) all.getEntry().get(2).getResource();
        assertEquals(AuditEvent.AuditEventAction.C, created.getAction());
        assertEquals("registration", created.getAgentFirstRep().getWho().getIdentifier().getValue());
        assertTrue(created.getEntity().stream().anyMatch(e -> ("Patient/" + id).equals(e.getWhat().getReference())));

        assertEquals(List.of("physician"), agents(auditEvents(auditor, "patient=" + id + "&action=R")));
        assertEquals(List.of("registration"), agents(auditEvents(auditor, "patient=" + id + "&agent=registration")));
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertEquals(3, auditEvents(auditor, "patient=" + id + "&date=ge" + today).getTotal());
        assertEquals(0, auditEvents(auditor, "patient=" + id + "&date=lt" + today).getTotal());

        String eventId = created.getIdElement().getIdPart();
        Http.Answer one = http().get("/fhir/AuditEvent/" + eventId, auditor);
        assertStatus(200, one);
        assertEquals(eventId, parse(AuditEvent.class, one.body()).getIdElement().getIdPart());

        List<AuditRecord> readings = auditTrail(AuditQuery.latest(20).actor("auditor"));
        assertTrue("the auditor's searches are on the trail too: " + readings, readings.stream().anyMatch(r ->
                r.action() == AuditAction.SEARCH && "AuditEvent".equals(r.resourceType())
                        && r.detail().contains("patient=" + id)));
    }

    @Test
    public void everyoneElseIsRefusedAndBadSearchesAnswerAnOperationOutcome() {
        for (String role : List.of("physician", "registration", "admin", "billing")) {
            assertRefused(http().get("/fhir/AuditEvent?action=R", loginAs(role)), 403, "OW-0403", null);
        }
        assertRefused(http().get("/fhir/AuditEvent", null), 401, "OW-0401", null);
        String auditor = loginAs("auditor");
        assertRefused(http().get("/fhir/AuditEvent?date=yesterday", auditor), 400, "OW-0027", "AuditEvent.date");
        assertRefused(http().get("/fhir/AuditEvent?action=X", auditor), 400, "OW-2104", "AuditEvent.action");
        assertRefused(http().get("/fhir/AuditEvent?subtype=read", auditor), 400, "OW-0023", null);
        assertRefused(http().get("/fhir/AuditEvent/999999999", auditor), 404, "OW-2404", null);
        assertRefused(http().post("/fhir/AuditEvent", auditor, FHIR_JSON, encode(new AuditEvent())), 405, "OW-0405", null);
    }

    @Test
    public void auditSearchInTheShellFiltersAndIsForAuditorsOnly() {
        String id = registerAndRead("Shellaudit");
        String out = shell("audit:search -n 5 --patient " + id + " --action create", "privacy-officer", "auditor");
        assertThat(out, containsString("registration"));
        assertThat(out, containsString("CREATE"));
        assertThat(out, containsString("Patient/" + id));
        assertThat(out, containsString("1 of 1 matching records"));
        assertRefusedByTheCommandAcl(shell("audit:search", "nurse-on-shell", "nurse"));
    }

    @Test
    public void verifyFindsTheTrailIntactThenNamesATamperedRecord() throws Exception {
        registerAndRead("Verified");
        await("the chainer to link the first records", Duration.ofSeconds(30), () -> chainEntry(3) > 0);
        assertThat(shell("audit:verify", "privacy-officer", "auditor"), containsString("Audit trail intact."));
        assertRefusedByTheCommandAcl(shell("audit:verify", "nurse-on-shell", "nurse"));

        long victim = chainEntry(3);
        // tampering as whoever owns the tables: the runtime role cannot change a record (see below)
        try (Connection db = ownerConnection()) {
            String actor;
            try (PreparedStatement select = db.prepareStatement("SELECT actor FROM audit_event WHERE event_id = ?")) {
                select.setLong(1, victim);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    actor = row.getString(1);
                }
            }
            setActor(db, victim, "mallory");
            try {
                String tampered = shell("audit:verify", "privacy-officer", "auditor");
                assertThat(tampered, containsString("AUDIT TRAIL TAMPERED"));
                assertThat(tampered, containsString("First bad record: chain entry 3 (audit record " + victim + ")"));
            } finally {
                setActor(db, victim, actor);
            }
        }
        assertThat(shell("audit:verify", "privacy-officer", "auditor"), containsString("Audit trail intact."));
        List<String> verifications = auditTrail(AuditQuery.latest(50).actor("privacy-officer")
                .actions(AuditAction.EXECUTE)).stream().map(AuditRecord::detail).toList();
        assertThat(verifications.toString(), verifications.stream().map(d -> d.substring(0, d.indexOf(';'))).toList(),
                hasItem("audit verify: 1 problems, first chain entry 3 (audit record " + victim
                        + "): the record does not match its seal: it was altered"));
    }

    /** The record at this place in the chain, 0 while there is none. */
    private long chainEntry(long seq) {
        try (Connection db = runtimeDataSource().getConnection();
                PreparedStatement select = db.prepareStatement("SELECT event_id FROM audit_chain WHERE seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setActor(Connection db, long eventId, String actor) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("UPDATE audit_event SET actor = ? WHERE event_id = ?")) {
            update.setString(1, actor);
            update.setLong(2, eventId);
            assertEquals(1, update.executeUpdate());
        }
    }

    @Test
    public void onPostgresqlTheRuntimeRoleCanAddAndReadAuditRecordsButNeitherChangeNorRemoveThem() throws Exception {
        assumeTrue("PostgreSQL roles; embedded Derby has one user", onPostgresql());
        registerAndRead("Appendonly");
        // the runtime's own role, on a connection outside the pool (JUnit 4.12 in the runtime: no assertThrows)
        try (Connection runtime = runtimeRoleConnection(); Statement sql = runtime.createStatement()) {
            try (ResultSet count = sql.executeQuery("SELECT COUNT(*) FROM audit_event")) {
                count.next();
                assertTrue(count.getLong(1) > 0);
            }
            for (String change : List.of("UPDATE audit_event SET actor = 'mallory'", "DELETE FROM audit_event",
                    "TRUNCATE audit_event", "UPDATE audit_chain SET entry_hash = 'x'", "DELETE FROM audit_checkpoint",
                    "ALTER TABLE audit_event DISABLE TRIGGER ALL", "DROP TABLE audit_chain")) {
                try {
                    sql.execute(change);
                    fail("the runtime role may not: " + change);
                } catch (SQLException refused) {
                    assertEquals(change + ": " + refused.getMessage(), "42501", refused.getSQLState());
                }
            }
        }
    }

    @Test
    public void configurationChangesArePutOnTheTrailWithoutTheirValues() throws Exception {
        ConfigurationAdmin configurations = service(ConfigurationAdmin.class);
        Configuration probe = configurations.getConfiguration("org.openward.itest.probe", "?");
        probe.update(new Hashtable<>(Map.of("password", "secret-value-never-audited")));
        await("the change on the audit trail", Duration.ofSeconds(30), () ->
                auditTrail(AuditQuery.latest(100).actions(AuditAction.CONFIGURATION_CHANGE)).stream()
                        .anyMatch(r -> "configuration org.openward.itest.probe created or updated".equals(r.detail())));
        probe.delete();
        await("the deletion on the audit trail", Duration.ofSeconds(30), () ->
                auditTrail(AuditQuery.latest(100).actions(AuditAction.CONFIGURATION_CHANGE)).stream()
                        .anyMatch(r -> "configuration org.openward.itest.probe deleted".equals(r.detail())));
        assertTrue(auditTrail(AuditQuery.latest(1000)).stream().noneMatch(r -> String.valueOf(r.detail()).contains("secret-value")));
    }
}
