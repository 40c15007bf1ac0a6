package com.example.openward.reminders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.records.api.ChartPage;
import org.openward.records.api.ChartQuery;
import org.openward.records.api.ChartService;
import org.openward.records.api.Patient;
import org.openward.records.api.PatientPage;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.PatientService;
import org.openward.records.api.PersonName;

/**
 * The records API as a plugin sees it, in memory: patients, and Observations and Immunizations
 * searched as {@link ChartService#search} documents it. Every query a service makes is kept, so a
 * test can say what it read; {@link #refuse()} makes every call fail as for a user without the
 * permission.
 */
final class TestRecords implements PatientService, ChartService {

    private final Map<String, Patient> patients = new HashMap<>();
    private final List<DomainResource> records = new ArrayList<>();
    final List<ChartQuery> queries = new ArrayList<>();
    final List<String> patientReads = new ArrayList<>();
    private boolean refused;

    String patient(LocalDate birthDate) {
        String id = "p" + (patients.size() + 1);
        patients.put(id, new Patient(id, 1, Instant.now(), "MRN-" + id, true, List.of(PersonName.official("Test", "Tess")),
                birthDate, null, List.of(), List.of(), List.of()));
        return id;
    }

    void bloodPressure(String patient, Instant at, Observation.ObservationStatus status) {
        Observation observation = new Observation();
        observation.setStatus(status);
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "85354-9", "Blood pressure panel")));
        observation.setSubject(new Reference("Patient/" + patient));
        observation.setEffective(new DateTimeType(Date.from(at)));
        records.add(observation);
    }

    void vaccination(String patient, String cvx, Instant at, Immunization.ImmunizationStatus status) {
        Immunization immunization = new Immunization();
        immunization.setStatus(status);
        immunization.setVaccineCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/cvx", cvx, null)));
        immunization.setPatient(new Reference("Patient/" + patient));
        immunization.setOccurrence(new DateTimeType(Date.from(at)));
        records.add(immunization);
    }

    void refuse() {
        refused = true;
    }

    // --- PatientService

    @Override
    public Patient get(String id) {
        patientReads.add(id);
        check("records:patient-in-care:read");
        return Optional.ofNullable(patients.get(id)).orElseThrow(() -> new NotFoundException("TEST-0404", "no patient " + id));
    }

    @Override
    public String mrnSystem() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Patient register(Patient patient) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Patient update(String id, Patient patient) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PatientPage search(PatientQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void linkPortalAccount(String username, String patientId) {
        throw new UnsupportedOperationException();
    }

    // --- ChartService

    @Override
    public ChartPage search(ChartQuery query) {
        queries.add(query);
        check("records:chart-in-care:read:" + query.type().toLowerCase());
        List<DomainResource> found = records.stream()
                .filter(r -> r.fhirType().equals(query.type()))
                .filter(r -> patientOf(r).equals("Patient/" + query.patientId()))
                .filter(r -> query.codes().isEmpty() || query.codes().stream().anyMatch(t -> codes(r).stream()
                        .anyMatch(c -> (t.system() == null || t.system().equals(c.getSystem()))
                                && (t.code() == null || t.code().equals(c.getCode())))))
                .filter(r -> query.statuses().isEmpty() ? !status(r).equals("entered-in-error")
                        : query.statuses().contains(status(r)))
                .filter(r -> query.from() == null || !date(r).isBefore(query.from()))
                .filter(r -> query.until() == null || date(r).isBefore(query.until()))
                .sorted(query.newestFirst() ? Comparator.comparing(TestRecords::date).reversed()
                        : Comparator.comparing(TestRecords::date))
                .toList();
        return new ChartPage(found.size(), found.stream().skip(query.offset()).limit(query.count()).toList());
    }

    private void check(String permission) {
        if (refused) {
            throw new AccessDeniedException(permission);
        }
    }

    private static String patientOf(DomainResource r) {
        return r instanceof Observation o ? o.getSubject().getReference() : ((Immunization) r).getPatient().getReference();
    }

    private static List<Coding> codes(DomainResource r) {
        return r instanceof Observation o ? o.getCode().getCoding() : ((Immunization) r).getVaccineCode().getCoding();
    }

    private static String status(DomainResource r) {
        return r instanceof Observation o ? o.getStatus().toCode() : ((Immunization) r).getStatus().toCode();
    }

    private static Instant date(DomainResource r) {
        return r instanceof Observation o ? o.getEffectiveDateTimeType().getValue().toInstant()
                : ((Immunization) r).getOccurrenceDateTimeType().getValue().toInstant();
    }

    @Override
    public DomainResource create(DomainResource resource) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DomainResource read(String type, String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DomainResource readVersion(String type, String id, int version) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<DomainResource> history(String type, String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DomainResource update(String type, String id, DomainResource resource) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DomainResource enterInError(String type, String id, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ChartPage everything(String patientId, int offset, int count) {
        throw new UnsupportedOperationException();
    }
}
