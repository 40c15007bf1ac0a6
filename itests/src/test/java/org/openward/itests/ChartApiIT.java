package org.openward.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.itests.support.Http;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The clinical chart over FHIR against the running distribution: a transaction Bundle stores a
 * visit all-or-nothing, searches find it by code and date, corrections keep the history, and
 * each role reads what it may. The demo start's synthetic histories are loaded too.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChartApiIT extends OpenWardTestSupport {

    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String REASON = "https://openward.org/fhir/StructureDefinition/status-reason";

    private String physician;
    private String patientId;

    @Override
    protected boolean demoCharts() {
        return true;
    }

    @Before
    public void patientInMyCare() {
        physician = loginAs("physician");
        Patient patient = new Patient();
        patient.addName().setFamily(uniqueName("Chart")).addGiven("Casey");
        Http.Answer created = http().post("/fhir/Patient", loginAs("registration"), FHIR_JSON, encode(patient));
        assertStatus(201, created);
        patientId = parse(Patient.class, created.body()).getIdElement().getIdPart();
        putOnCareTeam(patientId, "physician");
    }

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    private Observation heartRate(String when, int value) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(concept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs"));
        observation.setCode(concept(LOINC, "8867-4"));
        observation.setSubject(new Reference("Patient/" + patientId));
        observation.setEffective(new DateTimeType(when));
        observation.setValue(new Quantity().setValue(value).setUnit("/min").setSystem(UCUM).setCode("/min"));
        observation.addReferenceRange().setLow(new Quantity().setValue(60).setSystem(UCUM).setCode("/min"))
                .setHigh(new Quantity().setValue(100).setSystem(UCUM).setCode("/min"));
        return observation;
    }

    private Bundle visit(Observation vital) {
        Encounter encounter = new Encounter();
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        encounter.setSubject(new Reference("Patient/" + patientId));
        encounter.setPeriod(new Period().setStartElement(new DateTimeType("2026-10-01T09:00:00Z"))
                .setEndElement(new DateTimeType("2026-10-01T09:30:00Z")));
        vital.setEncounter(new Reference("urn:uuid:5d0b6a4e-0000-4000-8000-000000000001"));
        Condition problem = new Condition();
        problem.setSubject(new Reference("Patient/" + patientId));
        problem.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
        problem.setCode(concept("http://hl7.org/fhir/sid/icd-10-cm", "I10"));
        problem.setEncounter(new Reference("urn:uuid:5d0b6a4e-0000-4000-8000-000000000001"));
        DocumentReference note = new DocumentReference();
        note.setStatus(DocumentReferenceStatus.CURRENT);
        note.setDocStatus(DocumentReference.ReferredDocumentStatus.PRELIMINARY);
        note.setType(concept(LOINC, "11506-3"));
        note.setSubject(new Reference("Patient/" + patientId));
        note.getContext().addEncounter(new Reference("urn:uuid:5d0b6a4e-0000-4000-8000-000000000001"));
        note.addContent().setAttachment(new Attachment().setContentType("text/plain")
                .setData("Well. Review in 3 months.".getBytes(StandardCharsets.UTF_8)));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        // the observation first: the server orders creates after what they refer to
        entry(bundle, vital, null);
        entry(bundle, encounter, "urn:uuid:5d0b6a4e-0000-4000-8000-000000000001");
        entry(bundle, problem, null);
        entry(bundle, note, null);
        return bundle;
    }

    private static void entry(Bundle bundle, Resource resource, String fullUrl) {
        BundleEntryComponent entry = bundle.addEntry().setResource(resource).setFullUrl(fullUrl);
        entry.getRequest().setMethod(HTTPVerb.POST).setUrl(resource.fhirType());
    }

    private Bundle search(String query, String token) {
        Http.Answer answer = http().get("/fhir/" + query, token);
        assertStatus(200, answer);
        return parse(Bundle.class, answer.body());
    }

    @Test
    public void aTransactionStoresAVisitAllOrNothing() {
        Observation broken = heartRate("2026-10-01T09:05:00Z", 72);
        broken.setCode(null);
        assertRefused(http().post("/fhir", physician, FHIR_JSON, encode(visit(broken))), 400, "OW-1201",
                "Bundle.entry[0].resource.code");
        assertEquals("nothing of the refused transaction is stored", 0,
                search("Encounter?patient=" + patientId, physician).getTotal());

        Http.Answer stored = http().post("/fhir", physician, FHIR_JSON, encode(visit(heartRate("2026-10-01T09:05:00Z", 112))));
        assertStatus(200, stored);
        Bundle response = parse(Bundle.class, stored.body());
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
        assertEquals(4, response.getEntry().size());
        assertTrue(response.getEntry().stream().allMatch(e -> e.getResponse().getStatus().startsWith("201")));
        String encounterLocation = response.getEntry().get(1).getResponse().getLocation();

        Bundle found = search("Observation?patient=Patient/" + patientId + "&code=" + LOINC + "%7C8867-4&date=ge2026-10-01",
                physician);
        assertEquals(1, found.getTotal());
        Observation vital = (Observation) found.getEntryFirstRep().getResource();
        assertEquals("the urn:uuid reference became the encounter's id",
                encounterLocation.substring(0, encounterLocation.indexOf("/_history")), vital.getEncounter().getReference());
        assertEquals("flagged from its range", "H", vital.getInterpretationFirstRep().getCodingFirstRep().getCode());
        assertEquals(0, search("Observation?patient=" + patientId + "&date=lt2026-10-01", physician).getTotal());

        Bundle everything = parse(Bundle.class, http().get("/fhir/Patient/" + patientId + "/$everything", physician).body());
        assertEquals(List.of("Patient", "DocumentReference", "Observation", "Encounter", "Condition").stream().sorted().toList(),
                everything.getEntry().stream().map(e -> e.getResource().fhirType()).sorted().toList());
    }

    @Test
    public void correctionsKeepTheHistoryAndNothingIsDeleted() {
        Http.Answer created = http().post("/fhir/Observation", physician, FHIR_JSON, encode(heartRate("2026-09-01T10:00:00Z", 58)));
        assertStatus(201, created);
        Observation first = parse(Observation.class, created.body());
        String id = first.getIdElement().getIdPart();
        assertEquals("W/\"1\"", created.header("ETag").orElseThrow());

        Observation changed = first.copy();
        changed.setValue(new Quantity().setValue(new BigDecimal(64)).setUnit("/min").setSystem(UCUM).setCode("/min"));
        changed.getInterpretation().clear();
        Http.Answer updated = http().put("/fhir/Observation/" + id, physician, FHIR_JSON, encode(changed));
        assertStatus(200, updated);
        assertEquals("W/\"2\"", updated.header("ETag").orElseThrow());
        assertRefused(http().put("/fhir/Observation/" + id, physician, FHIR_JSON, encode(first)), 409, "OW-1208", null);

        Observation wrong = parse(Observation.class, updated.body());
        wrong.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        assertRefused(http().put("/fhir/Observation/" + id, physician, FHIR_JSON, encode(wrong)), 400, "OW-1206",
                "Observation.extension");
        wrong.addExtension(REASON, new StringType("measured on the wrong patient"));
        assertStatus(200, http().put("/fhir/Observation/" + id, physician, FHIR_JSON, encode(wrong)));

        Bundle history = search("Observation/" + id + "/_history", physician);
        assertEquals(3, history.getTotal());
        Observation original = parse(Observation.class, http().get("/fhir/Observation/" + id + "/_history/1", physician).body());
        assertEquals(58, original.getValueQuantity().getValue().intValue());
        assertEquals(0, search("Observation?patient=" + patientId, physician).getTotal());
        assertEquals(1, search("Observation?patient=" + patientId + "&status=entered-in-error", physician).getTotal());
        assertRefused(http().delete("/fhir/Observation/" + id, physician), 405, "OW-0407", null);
        assertRefused(http().get("/fhir/Observation?code=8867-4", physician), 400, "OW-1212", "Observation.patient");
        assertRefused(http().get("/fhir/Observation?patient=" + patientId + "&_sort=code", physician), 400, "OW-1213", "Observation._sort");
    }

    @Test
    public void eachRoleReadsWhatItMay() {
        Http.Answer created = http().post("/fhir/Observation", physician, FHIR_JSON, encode(heartRate("2026-09-02T10:00:00Z", 70)));
        assertStatus(201, created);
        String id = parse(Observation.class, created.body()).getIdElement().getIdPart();
        assertStatus(200, http().get("/fhir/Observation/" + id, loginAs("pharmacist")));
        assertRefused(http().get("/fhir/Observation/" + id, loginAs("nurse")), 403, "OW-0403", null);
        assertRefused(http().get("/fhir/Observation/" + id, loginAs("billing")), 403, "OW-0403", null);
        assertRefused(http().get("/fhir/Observation/" + id, loginAs("admin")), 403, "OW-0403", null);
        assertRefused(http().get("/fhir/Observation/" + id, loginAs("patient")), 404, "OW-1241", null);
        assertRefused(http().post("/fhir/Observation", loginAs("pharmacist"), FHIR_JSON,
                encode(heartRate("2026-09-02T10:00:00Z", 70))), 403, "OW-0403", null);
    }

    @Test
    public void theDemoPatientsHaveYearsOfHistory() {
        String pharmacist = loginAs("pharmacist");
        await("the demo patients", Duration.ofSeconds(120),
                () -> search("Patient?identifier=urn:openward:demo-patient%7CDEMO-0001", pharmacist).getTotal() == 1);
        String id = search("Patient?identifier=urn:openward:demo-patient%7CDEMO-0001", pharmacist)
                .getEntryFirstRep().getResource().getIdElement().getIdPart();
        // two years of four visits each (etc/org.openward.demo.cfg)
        await("the first demo patient's visits", Duration.ofSeconds(240),
                () -> search("Encounter?patient=" + id + "&_count=0", pharmacist).getTotal() == 8);
        assertTrue(search("Observation?patient=" + id + "&category=vital-signs&_count=0", pharmacist).getTotal() >= 20);
        assertTrue(search("DocumentReference?patient=" + id + "&_count=0", pharmacist).getTotal() >= 4);
        assertTrue(search("Encounter?patient=" + id + "&date=ge" + java.time.LocalDate.now().minusYears(2).minusDays(1)
                + "&_count=0", pharmacist).getTotal() == 8);
    }
}
