package org.openward.records.impl.chart;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DocumentReference.ReferredDocumentStatus;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.audit.impl.JpaAuditTrail;
import org.openward.platform.api.error.ConflictException;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.records.api.ChartPage;
import org.openward.records.api.ChartQuery;
import org.openward.records.api.ChartQuery.Token;
import org.openward.records.api.ChartService;
import org.openward.records.api.Patient;
import org.openward.records.api.PersonName;
import org.openward.records.impl.CareRelationshipsImpl;
import org.openward.records.impl.PatientServiceImpl;
import org.openward.records.impl.TestRecords;
import org.openward.records.impl.demo.SyntheticChart;
import org.openward.testing.FhirR4;
import org.openward.testing.Platform;
import org.openward.testing.TestDatabase;

/**
 * The chart on a real (in-memory) Derby with the real platform security, break-glass and audit
 * trail: what it stores, how it corrects, who reads what, and that every record it produces
 * passes the HAPI FHIR validator.
 */
public class ChartServiceTest {

    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private Platform platform;
    private JpaAuditTrail audit;
    private PatientServiceImpl patients;
    private CareRelationshipsImpl care;
    private ChartServiceImpl chart;
    private String patientId;
    private String otherPatientId;

    @Before
    public void setUp() {
        TestRecords records = new TestRecords(database, folder.getRoot().toPath());
        platform = records.platform;
        audit = records.audit;
        patients = records.patients;
        care = records.care;
        chart = records.chart;
        platform.user("clerk", "registration");
        platform.user("dr.grey", "physician");
        platform.user("nurse.joy", "nurse");
        platform.user("cashier", "billing");
        platform.user("pat", "patient");
        platform.user("privacy", "auditor");
        patientId = register("Chartwell");
        otherPatientId = register("Otherby");
        as("clerk", () -> {
            care.joinCareTeam(patientId, "dr.grey");
            care.joinCareTeam(patientId, "nurse.joy");
            patients.linkPortalAccount("pat", patientId);
            return null;
        });
    }

    @After
    public void close() {
        database.close();
    }

    private String register(String family) {
        return as("clerk", () -> patients.register(Patient.toRegister(null, List.of(PersonName.official(family, "Test")),
                LocalDate.of(1960, 5, 5), null, List.of(), List.of(), List.of()))).id();
    }

    private <T> T as(String user, Supplier<T> work) {
        return platform.security.callWithToken(platform.login(user), "10.9.9.9", "req-" + user, work);
    }

    private List<AuditRecord> trail(AuditQuery query) {
        return as("privacy", () -> audit.search(query).records());
    }

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    private static Observation glucose(String patient, String when, double value) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(concept(ObservationProfile.CATEGORY, "laboratory"));
        observation.setCode(concept(LOINC, "2345-7"));
        observation.setSubject(new Reference("Patient/" + patient));
        observation.setEffective(new DateTimeType(when));
        observation.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setUnit("mg/dL").setSystem(UCUM).setCode("mg/dL"));
        observation.addReferenceRange().setLow(new Quantity().setValue(70).setSystem(UCUM).setCode("mg/dL"))
                .setHigh(new Quantity().setValue(99).setSystem(UCUM).setCode("mg/dL"));
        return observation;
    }

    private static DocumentReference note(String patient, ReferredDocumentStatus status, String text) {
        DocumentReference note = new DocumentReference();
        note.setStatus(DocumentReferenceStatus.CURRENT);
        note.setDocStatus(status);
        note.setType(concept(LOINC, "11506-3"));
        note.setSubject(new Reference("Patient/" + patient));
        note.addContent().setAttachment(new Attachment().setContentType("text/plain")
                .setData(text.getBytes(StandardCharsets.UTF_8)));
        return note;
    }

    private static String code(DomainResource resource) {
        return ((Observation) resource).getInterpretationFirstRep().getCodingFirstRep().getCode();
    }

    @Test
    public void everyTypeTheSyntheticHistoryProducesPassesTheFhirValidator() {
        Map<String, Integer> examples = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 30 && !ChartService.RESOURCE_TYPES.stream().allMatch(t -> examples.getOrDefault(t, 0) >= 3); i++) {
            String id = register("Synthetic" + i);
            List<DomainResource> stored = platform.security.callAsSystem("test", () -> new SyntheticChart(random, id,
                    LocalDate.of(1950, 1, 1), Instant.parse("2026-11-01T10:00:00Z"), chart::create).generate(1, 3));
            for (DomainResource resource : stored) {
                DomainResource read = platform.security.callAsSystem("test", () -> chart.read(resource.fhirType(),
                        resource.getIdElement().getIdPart()));
                FhirR4.assertValid(read);
                examples.merge(read.fhirType(), 1, Integer::sum);
            }
        }
        for (String type : ChartService.RESOURCE_TYPES) {
            assertTrue(type + ": " + examples, examples.getOrDefault(type, 0) >= 3);
        }
    }

    @Test
    public void observationsAreFlaggedFromTheirRangeAndFoundByCodeDateAndStatus() {
        DomainResource high = as("dr.grey", () -> chart.create(glucose(patientId, "2026-03-01T08:00:00Z", 180)));
        DomainResource normal = as("dr.grey", () -> chart.create(glucose(patientId, "2026-04-01T08:00:00Z", 85)));
        as("dr.grey", () -> chart.create(glucose(patientId, "2026-05-01T08:00:00Z", 55)));
        assertEquals("H", code(high));
        assertEquals("N", code(normal));
        assertEquals("1", high.getMeta().getVersionId());
        FhirR4.assertValid(high);

        ChartPage all = as("nurse.joy", () -> chart.search(ChartQuery.all("Observation", patientId, 0, 10)));
        assertEquals(3, all.total());
        assertEquals("newest first", List.of("L", "N", "H"), all.resources().stream().map(ChartServiceTest::code).toList());

        ChartPage april = as("nurse.joy", () -> chart.search(new ChartQuery("Observation", patientId,
                Instant.parse("2026-03-15T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z"),
                List.of(new Token(LOINC, "2345-7")), List.of(new Token(null, "laboratory")), List.of("final"), false, 0, 10)));
        assertEquals(1, april.total());
        assertEquals(normal.getIdElement().getIdPart(), april.resources().get(0).getIdElement().getIdPart());
        assertEquals(0, as("nurse.joy", () -> chart.search(new ChartQuery("Observation", patientId, null, null,
                List.of(new Token(LOINC, "718-7")), List.of(), List.of(), true, 0, 10))).total());
        assertEquals("the other patient's chart is empty", 0, as("clerk", () -> 0)
                + platform.security.callAsSystem("t", () -> chart.search(ChartQuery.all("Observation", otherPatientId, 0, 10))).total());
    }

    @Test
    public void badRecordsAreRefusedNamingTheElementAndNothingIsStored() {
        Observation noCode = glucose(patientId, "2026-03-01T08:00:00Z", 100);
        noCode.setCode(null);
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> as("dr.grey", () -> chart.create(noCode)));
        assertEquals("code", refused.field());

        Observation badUnit = glucose(patientId, "2026-03-01T08:00:00Z", 100);
        badUnit.getValueQuantity().setSystem("http://example.org/units");
        assertEquals("valueQuantity", assertThrows(InvalidInputException.class,
                () -> as("dr.grey", () -> chart.create(badUnit))).field());

        Observation unknownPatient = glucose("no-such-patient", "2026-03-01T08:00:00Z", 100);
        assertEquals("OW-1203", assertThrows(InvalidInputException.class,
                () -> platform.security.callAsSystem("t", () -> chart.create(unknownPatient))).code());

        DomainResource others = platform.security.callAsSystem("t", () -> chart.create(glucose(otherPatientId,
                "2026-03-01T08:00:00Z", 100)));
        Observation crossing = glucose(patientId, "2026-03-01T08:00:00Z", 100);
        crossing.addHasMember(new Reference("Observation/" + others.getIdElement().getIdPart()));
        InvalidInputException across = assertThrows(InvalidInputException.class, () -> as("dr.grey", () -> chart.create(crossing)));
        assertEquals("OW-1202", across.code());

        assertEquals(0, as("dr.grey", () -> chart.search(ChartQuery.all("Observation", patientId, 0, 10))).total());
        List<AuditRecord> failures = trail(AuditQuery.latest(20).actor("dr.grey").actions(AuditAction.CREATE));
        assertTrue(failures.stream().allMatch(r -> r.outcome() == AuditOutcome.FAILURE));
        assertEquals(3, failures.size());
    }

    @Test
    public void correctionsKeepEveryVersionAndAnErrorNeedsItsReason() {
        DomainResource first = as("dr.grey", () -> chart.create(glucose(patientId, "2026-03-01T08:00:00Z", 180)));
        String id = first.getIdElement().getIdPart();
        Observation changed = (Observation) first.copy();
        changed.getValueQuantity().setValue(118);
        changed.getInterpretation().clear();
        DomainResource second = as("dr.grey", () -> chart.update("Observation", id, changed));
        assertEquals("2", second.getMeta().getVersionId());
        assertEquals("H", code(second));

        Observation stale = (Observation) first.copy();
        assertEquals("OW-1208", assertThrows(ConflictException.class,
                () -> as("dr.grey", () -> chart.update("Observation", id, stale))).code());

        Observation wrong = (Observation) second.copy();
        wrong.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        assertEquals("OW-1206", assertThrows(InvalidInputException.class,
                () -> as("dr.grey", () -> chart.update("Observation", id, wrong))).code());

        DomainResource corrected = as("dr.grey", () -> chart.enterInError("Observation", id, "wrong patient's sample"));
        assertEquals("3", corrected.getMeta().getVersionId());
        assertEquals(Observation.ObservationStatus.ENTEREDINERROR, ((Observation) corrected).getStatus());
        FhirR4.assertValid(corrected);

        List<DomainResource> history = as("dr.grey", () -> chart.history("Observation", id));
        assertEquals(List.of("3", "2", "1"), history.stream().map(r -> r.getMeta().getVersionId()).toList());
        assertEquals(new BigDecimal("180.0"), ((Observation) as("dr.grey", () -> chart.readVersion("Observation", id, 1)))
                .getValueQuantity().getValue().setScale(1));
        assertEquals("corrected records are left out", 0,
                as("dr.grey", () -> chart.search(ChartQuery.all("Observation", patientId, 0, 10))).total());
        assertEquals(1, as("dr.grey", () -> chart.search(new ChartQuery("Observation", patientId, null, null, List.of(),
                List.of(), List.of("entered-in-error"), true, 0, 10))).total());
        assertEquals("OW-1207", assertThrows(ConflictException.class,
                () -> as("dr.grey", () -> chart.update("Observation", id, (Observation) corrected.copy()))).code());
        AuditRecord last = trail(AuditQuery.latest(1).actor("dr.grey")).get(0);
        assertTrue(last.detail(), trail(AuditQuery.latest(10).actor("dr.grey").actions(AuditAction.UPDATE))
                .stream().anyMatch(r -> r.detail() != null && r.detail().contains("entered in error: wrong patient's sample")));
        assertNotNull(last);
    }

    @Test
    public void aDraftIsTheAuthorsUntilSignedAndASignedNoteChangesOnlyByAmendment() {
        DomainResource draft = as("dr.grey", () -> chart.create(note(patientId, ReferredDocumentStatus.PRELIMINARY, "Draft")));
        String id = draft.getIdElement().getIdPart();
        DocumentReference byNurse = (DocumentReference) draft.copy();
        byNurse.setDocStatus(ReferredDocumentStatus.FINAL);
        assertEquals("OW-1211", assertThrows(ConflictException.class,
                () -> as("nurse.joy", () -> chart.update("DocumentReference", id, byNurse))).code());

        DocumentReference signing = (DocumentReference) draft.copy();
        signing.setDocStatus(ReferredDocumentStatus.FINAL);
        DocumentReference signed = (DocumentReference) as("dr.grey", () -> chart.update("DocumentReference", id, signing));
        assertEquals("dr.grey", signed.getAuthenticator().getIdentifier().getValue());
        assertFalse(signed.hasAuthenticator() && signed.getAuthenticator().getIdentifier().getValue().equals("nurse.joy"));
        FhirR4.assertValid(signed);

        DocumentReference unchanged = (DocumentReference) signed.copy();
        unchanged.setDocStatus(ReferredDocumentStatus.AMENDED);
        InvalidInputException nothingAmended = assertThrows(InvalidInputException.class,
                () -> as("dr.grey", () -> chart.update("DocumentReference", id, unchanged)));
        assertEquals("content", nothingAmended.field());

        DocumentReference edited = (DocumentReference) signed.copy();
        edited.getContentFirstRep().getAttachment().setData("Changed".getBytes(StandardCharsets.UTF_8));
        assertEquals("OW-1210", assertThrows(InvalidInputException.class,
                () -> as("dr.grey", () -> chart.update("DocumentReference", id, edited))).code());
        edited.setDocStatus(ReferredDocumentStatus.AMENDED);
        DocumentReference amended = (DocumentReference) as("nurse.joy", () -> chart.update("DocumentReference", id, edited));
        assertEquals("nurse.joy", amended.getAuthenticator().getIdentifier().getValue());
        assertEquals(2, amended.getAuthor().size());
        assertEquals(3, as("dr.grey", () -> chart.history("DocumentReference", id)).size());
    }

    @Test
    public void whoReadsWhat() {
        Encounter visit = new Encounter();
        visit.setStatus(Encounter.EncounterStatus.FINISHED);
        visit.setClass_(new Coding(EncounterProfile.ACT_CODE, "AMB", "ambulatory"));
        visit.setSubject(new Reference("Patient/" + otherPatientId));
        visit.setPeriod(new Period().setStart(new Date(0)).setEnd(new Date(60_000)));
        DomainResource encounter = platform.security.callAsSystem("t", () -> chart.create(visit));
        DomainResource otherNote = platform.security.callAsSystem("t", () -> chart.create(
                note(otherPatientId, ReferredDocumentStatus.FINAL, "Private")));
        String encounterId = encounter.getIdElement().getIdPart();

        AccessDeniedException notInCare = assertThrows(AccessDeniedException.class,
                () -> as("dr.grey", () -> chart.read("Encounter", encounterId)));
        assertTrue(notInCare.getMessage(), notInCare.getMessage().contains("break the glass"));
        assertEquals(AuditOutcome.DENIED, trail(AuditQuery.latest(1).actor("dr.grey")).get(0).outcome());

        Encounter stale = (Encounter) encounter.copy();
        stale.getMeta().setVersionId("7");
        assertThrows("writing tells nothing of a record outside the caller's care", AccessDeniedException.class,
                () -> as("dr.grey", () -> chart.update("Encounter", encounterId, stale)));

        assertEquals("billing reads encounters of any patient", encounterId,
                as("cashier", () -> chart.read("Encounter", encounterId)).getIdElement().getIdPart());
        assertThrows("but no notes", AccessDeniedException.class, () -> as("cashier",
                () -> chart.read("DocumentReference", otherNote.getIdElement().getIdPart())));
        assertThrows("and writes nothing", AccessDeniedException.class, () -> as("cashier", () -> chart.create(
                glucose(patientId, "2026-01-01", 90))));

        assertThrows("a patient learns nothing of another's chart", NotFoundException.class,
                () -> as("pat", () -> chart.read("Encounter", encounterId)));
        assertEquals(0, as("pat", () -> chart.search(ChartQuery.all("Encounter", otherPatientId, 0, 10))).total());
        DomainResource own = as("dr.grey", () -> chart.create(glucose(patientId, "2026-01-01", 90)));
        assertEquals(own.getIdElement().getIdPart(), as("pat", () -> chart.read("Observation",
                own.getIdElement().getIdPart())).getIdElement().getIdPart());
        assertThrows("nor writes their own", AccessDeniedException.class, () -> as("pat", () -> chart.create(
                glucose(patientId, "2026-01-02", 90))));

        ChartPage everything = as("dr.grey", () -> chart.everything(patientId, 0, 50));
        assertEquals(1, everything.total());
    }
}
