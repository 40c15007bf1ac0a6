package org.openward.itests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.hasItem;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.itests.support.Http;
import org.openward.itests.support.ClinicalData;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The pharmacy in the running distribution, over FHIR and the shell: an order stopped by an
 * allergy and placed with an override, verified by the pharmacist, dispensed from the demo
 * stock, and given at the bedside after a wrong-patient stop and an allergy stop; every step on
 * the audit trail. (Each failure of the bedside checks is covered by BarcodeAdministrationTest.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PharmacyApiIT extends OpenWardTestSupport {

    private static final String AMOXICILLIN = "723";
    /** Amoxicillin 500 mg capsule in the shipped formulary: the demo stock's lot of it (DemoPharmacy). */
    private static final String AMOXICILLIN_500 = "(01)00399990001013(17)" + java.time.format.DateTimeFormatter
            .ofPattern("yyMMdd").format(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusYears(2).withDayOfMonth(1))
            + "(10)L00101";
    private static final String OVERRIDE = "https://openward.org/fhir/StructureDefinition/alert-override";

    private String physician;
    private String nurse;
    private String pharmacist;
    private String patientId;
    private String mrn;

    @Before
    public void patientWithAPenicillinAllergy() {
        physician = loginAs("physician");
        nurse = loginAs("nurse");
        pharmacist = loginAs("pharmacist");
        Patient patient = new Patient();
        patient.addName().setFamily(uniqueName("Pharma")).addGiven("Penny");
        Http.Answer created = http().post("/fhir/Patient", loginAs("registration"), FHIR_JSON, encode(patient));
        assertStatus(201, created);
        Patient stored = parse(Patient.class, created.body());
        patientId = stored.getIdElement().getIdPart();
        mrn = stored.getIdentifier().stream().filter(i -> "MR".equals(i.getType().getCodingFirstRep().getCode()))
                .findFirst().orElseThrow().getValue();
        putOnCareTeam(patientId, "physician");
        putOnCareTeam(patientId, "nurse");
        assertStatus(201, http().post("/fhir/AllergyIntolerance", physician, FHIR_JSON,
                encode(ClinicalData.penicillinAllergy(patientId))));
        await("the demo stock", Duration.ofSeconds(120),
                () -> shell("pharmacy:stock pharmacy", "pharm-on-shell", "pharmacist").contains("00399990001013"));
    }

    /** Amoxicillin 500 mg by mouth, once a day from a minute ago (so a dose is due now). */
    private MedicationRequest amoxicillin() {
        return ClinicalData.oralOnceADay(patientId, AMOXICILLIN, 500);
    }

    private static Parameters parameters(Object... nameValue) {
        return ClinicalData.parameters(nameValue);
    }

    private List<String> trail() {
        return auditTrail(AuditQuery.forPatient(patientId, 500)).stream()
                .map(r -> r.outcome() + " " + r.actor() + " " + r.detail()).toList();
    }

    @Test
    public void anOrderGoesFromTheSafetyChecksToTheBedside() {
        // the checks: the penicillin allergy stops amoxicillin
        Http.Answer checked = http().post("/fhir/MedicationRequest/$check", physician, FHIR_JSON, encode(amoxicillin()));
        assertStatus(200, checked);
        DetectedIssue alert = (DetectedIssue) parse(Bundle.class, checked.body()).getEntryFirstRep().getResource();
        assertEquals("drug-allergy", alert.getCode().getCodingFirstRep().getCode());
        assertEquals(DetectedIssue.DetectedIssueSeverity.HIGH, alert.getSeverity());
        String key = alert.getIdentifierFirstRep().getValue();

        Http.Answer stopped = http().post("/fhir/MedicationRequest", physician, FHIR_JSON, encode(amoxicillin()));
        assertRefused(stopped, 409, "OW-1510", null);
        assertThat(stopped.body(), containsString(key));
        MedicationRequest badUnit = amoxicillin();
        badUnit.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity().setCode("g").setUnit("g");
        assertRefused(http().post("/fhir/MedicationRequest", physician, FHIR_JSON, encode(badUnit)), 400, "OW-1504",
                "MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity.code");
        assertEquals(0, parse(Bundle.class, http().get("/fhir/MedicationRequest?patient=" + patientId, physician).body()).getTotal());

        MedicationRequest overridden = amoxicillin();
        var extension = overridden.addExtension().setUrl(OVERRIDE);
        extension.addExtension("alert", new StringType(key));
        extension.addExtension("reason", new StringType("took amoxicillin in 2025 without reaction"));
        Http.Answer placed = http().post("/fhir/MedicationRequest", physician, FHIR_JSON, encode(overridden));
        assertStatus(201, placed);
        String orderId = parse(MedicationRequest.class, placed.body()).getIdElement().getIdPart();

        // verification: nothing is dispensed before it; only a pharmacist verifies
        assertRefused(http().post("/fhir/MedicationRequest/" + orderId + "/$dispense", pharmacist, FHIR_JSON,
                encode(parameters("barcode", AMOXICILLIN_500, "location", "pharmacy", "quantity", 1))), 409, "OW-1539", null);
        Bundle queue = parse(Bundle.class, http().get("/fhir/MedicationRequest?verification=pending&_count=100", pharmacist).body());
        assertThat(queue.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList(), hasItem(orderId));
        assertStatus(403, http().post("/fhir/MedicationRequest/" + orderId + "/$verify", nurse, FHIR_JSON,
                encode(parameters("decision", "verified"))));
        assertStatus(200, http().post("/fhir/MedicationRequest/" + orderId + "/$verify", pharmacist, FHIR_JSON,
                encode(parameters("decision", "verified"))));

        // dispensing from the demo stock
        String before = shell("pharmacy:stock pharmacy", "pharm-on-shell", "pharmacist");
        Http.Answer dispensed = http().post("/fhir/MedicationRequest/" + orderId + "/$dispense", pharmacist, FHIR_JSON,
                encode(parameters("barcode", AMOXICILLIN_500, "location", "pharmacy", "quantity", 3)));
        assertStatus(200, dispensed);
        assertEquals("MedicationRequest/" + orderId,
                parse(MedicationDispense.class, dispensed.body()).getAuthorizingPrescriptionFirstRep().getReference());
        assertThat(before, containsString("500"));
        assertThat(shell("pharmacy:stock pharmacy", "pharm-on-shell", "pharmacist"), containsString("497"));

        // at the bedside: the wrong wristband stops; the allergy stops until overridden
        assertRefused(http().post("/fhir/MedicationAdministration/$administer", nurse, FHIR_JSON,
                encode(parameters("patient", patientId, "wristband", "NOT-" + mrn, "barcode", AMOXICILLIN_500))),
                409, "OW-1531", null);
        assertRefused(http().post("/fhir/MedicationAdministration/$administer", nurse, FHIR_JSON,
                encode(parameters("patient", patientId, "wristband", mrn, "barcode", "(01)12345"))), 400, "OW-1520", null);
        assertRefused(http().post("/fhir/MedicationAdministration/$administer", nurse, FHIR_JSON,
                encode(parameters("patient", patientId, "wristband", mrn, "barcode", AMOXICILLIN_500))), 409, "OW-1542", null);
        Http.Answer given = http().post("/fhir/MedicationAdministration/$administer", nurse, FHIR_JSON,
                encode(parameters("patient", patientId, "wristband", mrn, "barcode", AMOXICILLIN_500,
                        "override-reason", "prescriber aware; observed for 30 minutes")));
        assertStatus(200, given);
        assertEquals(MedicationAdministration.MedicationAdministrationStatus.COMPLETED,
                parse(MedicationAdministration.class, given.body()).getStatus());

        Http.Answer emar = http().get("/fhir/MedicationAdministration/$emar?patient=" + patientId + "&from="
                + Instant.now().minus(Duration.ofHours(4)) + "&to=" + Instant.now().plus(Duration.ofHours(4)), nurse);
        assertStatus(200, emar);
        Parameters slots = parse(Parameters.class, emar.body());
        assertEquals("given", slots.getParameterFirstRep().getPart().stream().filter(p -> "status".equals(p.getName()))
                .findFirst().orElseThrow().getValue().primitiveValue());

        List<String> trail = trail();
        assertThat(trail, hasItem(containsString("alert overridden: " + key)));
        assertThat(trail, hasItem(startsWith("FAILURE nurse OW-1531")));
        assertThat(trail, hasItem(startsWith("FAILURE nurse OW-1542")));
        assertThat(trail, hasItem(containsString("stop overridden: OW-1542")));
        assertThat(trail, hasItem(containsString("pharmacist verified")));
        assertThat(trail, hasItem(containsString("dispensed 3 x amoxicillin 500 mg capsule")));

        // the shell: a physician lists the orders; billing may not
        String orders = shell("pharmacy:orders " + mrn, "physician", "physician");
        assertThat(orders, containsString(orderId));
        assertThat(orders, containsString("verified by pharmacist"));
        assertRefusedByTheCommandAcl(shell("pharmacy:orders " + mrn, "billing", "billing"));
        List<AuditRecord> shellRead = auditTrail(AuditQuery.forPatient(patientId, 50).actor("physician"));
        assertTrue(shellRead.stream().anyMatch(r -> "SHELL".equals(r.channel()) && r.detail().startsWith("orders")));
    }
}
