package org.openward.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.hl7.fhir.r4.model.OperationOutcome;
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

/** A module can leave and come back: its doors close at once, its data waits in the database. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleLifecycleIT extends OpenWardTestSupport {

    @Inject
    FeaturesService features;

    @Test
    public void uninstallingRecordsClosesItsEndpointsAndReinstallingBringsBackTheData() throws Exception {
        String token = loginAs("registration");
        Patient patient = new Patient();
        patient.addName().setFamily("Lifecycle").addGiven("Lena");
        Http.Answer created = http().post("/fhir/Patient", token, FHIR_JSON, encode(patient));
        assertStatus(201, created);
        String id = parse(Patient.class, created.body()).getIdElement().getIdPart();
        assertTrue("the web shell offers the records screens", http().get("/api/ui", token).body().contains("\"patients\""));
        assertStatus(200, http().get("/ui/records/main.js", null));

        // the pharmacy stands on the records module: it goes first, and its types and screens with it
        assertStatus(200, http().get("/ui/emar/main.js", null));
        features.uninstallFeature("openward-pharmacy", EnumSet.noneOf(FeaturesService.Option.class));
        assertStatus(404, http().get("/fhir/MedicationRequest?patient=" + id, token));
        assertStatus(404, http().get("/ui/emar/main.js", null));
        assertFalse(http().get("/fhir/metadata", null).body().contains("\"MedicationRequest\""));
        assertStatus(200, http().get("/fhir/Patient/" + id, token));

        features.uninstallFeature("openward-records", EnumSet.noneOf(FeaturesService.Option.class));
        assertFalse(features.isInstalled(features.getFeature("openward-records")));
        Http.Answer gone = http().get("/fhir/Patient/" + id, token);
        assertStatus(404, gone);
        assertEquals("OW-0010: resource type 'Patient' is not served here; see /fhir/metadata",
                parse(OperationOutcome.class, gone.body()).getIssueFirstRep().getDiagnostics());
        assertStatus(404, http().get("/fhir/Patient?name=lifecycle", token));
        assertFalse(http().get("/fhir/metadata", null).body().contains("\"Patient\""));
        assertFalse("the chart's types go with the module", http().get("/fhir/metadata", null).body().contains("\"Observation\""));
        assertStatus(404, http().get("/fhir/Observation?patient=" + id, token));
        assertFalse(http().get("/api/modules", token).body().contains("openward-records"));
        assertEquals("[]", http().get("/api/ui", token).body());
        assertStatus(404, http().get("/ui/records/main.js", null));

        features.installFeature("openward-records");
        await("Patient served again", Duration.ofSeconds(60),
                () -> http().get("/fhir/Patient/" + id, token).status() == 200);
        Patient back = parse(Patient.class, http().get("/fhir/Patient/" + id, token).body());
        assertEquals("Lifecycle", back.getNameFirstRep().getFamily());
        assertEquals("1", back.getMeta().getVersionId());
        assertTrue("its screens come back with it", http().get("/api/ui", token).body().contains("\"patients\""));
        features.installFeature("openward-pharmacy");
        await("MedicationRequest served again", Duration.ofSeconds(60),
                () -> http().get("/fhir/MedicationRequest?patient=" + id, token).status() != 404);
        assertStatus(200, http().get("/ui/emar/main.js", null));

        List<String> changes = auditTrail(AuditQuery.latest(200).actions(AuditAction.MODULE_CHANGE)).stream()
                .map(AuditRecord::detail).toList();
        assertTrue(changes.toString(), changes.stream().anyMatch(d ->
                d.startsWith("bundle org.openward.records.impl ") && d.endsWith(" uninstalled")));
        assertTrue(changes.toString(), changes.stream().anyMatch(d ->
                d.startsWith("bundle org.openward.records.impl ") && d.endsWith(" installed")));
    }
}
