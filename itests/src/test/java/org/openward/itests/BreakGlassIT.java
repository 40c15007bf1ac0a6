package org.openward.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

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

import com.fasterxml.jackson.databind.JsonNode;

/** Breaking the glass over HTTP: the grant, its end, its audit, and the auditors' review. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BreakGlassIT extends OpenWardTestSupport {

    private String register() {
        Patient patient = new Patient();
        patient.addName().setFamily(uniqueName("Glass")).addGiven("Gil");
        Http.Answer created = http().post("/fhir/Patient", loginAs("registration"), FHIR_JSON, encode(patient));
        assertStatus(201, created);
        return parse(Patient.class, created.body()).getIdElement().getIdPart();
    }

    private Http.Answer breakGlass(String token, String body) {
        return http().post("/api/break-glass", token, "application/json", body);
    }

    @Test
    public void aClinicianBreaksTheGlassEndsItAndAnAuditorReviewsIt() {
        String patientId = register();
        String physician = loginAs("physician");
        Http.Answer closed = http().get("/fhir/Patient/" + patientId, physician);
        assertRefused(closed, 403, "OW-0403", null);
        assertTrue(closed.body(), closed.body().contains("break the glass"));

        assertEquals("reason", read(breakGlass(physician, "{\"patient\":\"" + patientId
                + "\",\"password\":\"physician-password\"}").body()).get("field").asText());
        Http.Answer wrongPassword = breakGlass(physician, "{\"patient\":\"" + patientId
                + "\",\"reason\":\"Collapsed in the car park\",\"password\":\"not-it\"}");
        assertStatus(401, wrongPassword);
        assertStatus(403, http().get("/fhir/Patient/" + patientId, physician));

        Http.Answer opened = breakGlass(physician, "{\"patient\":\"" + patientId
                + "\",\"reason\":\"Collapsed in the car park\",\"password\":\"physician-password\"}");
        assertStatus(201, opened);
        JsonNode grant = read(opened.body());
        assertEquals(patientId, grant.get("patientId").asText());
        assertStatus(200, http().get("/fhir/Patient/" + patientId, physician));
        assertStatus(403, http().get("/fhir/Patient/" + patientId, loginAs("nurse")));

        String grantId = grant.get("id").asText();
        assertStatus(200, http().delete("/api/break-glass/" + grantId, physician));
        assertStatus(403, http().get("/fhir/Patient/" + patientId, physician));
        assertStatus(409, http().delete("/api/break-glass/" + grantId, physician));

        List<AuditRecord> trail = auditTrail(AuditQuery.forPatient(patientId, 50));
        AuditRecord start = trail.stream().filter(r -> r.action() == AuditAction.BREAK_GLASS_START).findFirst().orElseThrow();
        assertEquals("physician", start.actor());
        assertTrue(start.detail(), start.detail().contains("Collapsed in the car park"));
        assertEquals(1, trail.stream().filter(r -> r.action() == AuditAction.BREAK_GLASS_END).count());

        String auditor = loginAs("auditor");
        Bundle events = parse(Bundle.class, http().get("/fhir/AuditEvent?patient=" + patientId, auditor).body());
        assertTrue("the start is a FHIR AuditEvent of an emergency override", events.getEntry().stream()
                .map(e -> (AuditEvent) e.getResource())
                .anyMatch(e -> e.getSubtype().stream().anyMatch(c -> "110127".equals(c.getCode()))));

        assertStatus(403, http().get("/api/break-glass/reviews", physician));
        JsonNode queue = read(http().get("/api/break-glass/reviews", auditor).body());
        assertTrue(queue.toString(), queue.findValues("id").stream().anyMatch(id -> id.asText().equals(grantId)));
        assertStatus(400, http().post("/api/break-glass/" + grantId + "/review", auditor, "application/json",
                "{\"outcome\":\"fine\"}"));
        Http.Answer reviewed = http().post("/api/break-glass/" + grantId + "/review", auditor, "application/json",
                "{\"outcome\":\"appropriate\",\"comment\":\"ED attendance confirmed\"}");
        assertStatus(200, reviewed);
        assertEquals("auditor", read(reviewed.body()).get("reviewedBy").asText());
        assertStatus(409, http().post("/api/break-glass/" + grantId + "/review", auditor, "application/json",
                "{\"outcome\":\"inappropriate\"}"));
        JsonNode open = read(http().get("/api/break-glass/reviews", auditor).body());
        assertTrue(open.findValues("id").stream().noneMatch(id -> id.asText().equals(grantId)));
    }
}
