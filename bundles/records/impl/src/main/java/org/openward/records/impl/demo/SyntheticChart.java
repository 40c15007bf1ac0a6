package org.openward.records.impl.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * An invented clinical history for one synthetic patient: chronic problems with their
 * medications, allergies, years of outpatient visits with vital signs and signed progress notes,
 * laboratory panels, the odd emergency visit or hospital stay, and vaccinations. Deterministic for
 * a seed. Codes are real code-system codes (LOINC, ICD-10-CM, SNOMED CT, RxNorm, CVX); the people
 * and events are not.
 */
public final class SyntheticChart {

    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";

    /** A chronic problem and the drug that treats it. */
    private record Problem(String icd10, String display, String rxnorm, String drug, String dosage) {
    }

    private static final List<Problem> PROBLEMS = List.of(
            new Problem("E11.9", "Type 2 diabetes mellitus without complications", "6809", "metformin", "500 mg by mouth twice daily"),
            new Problem("I10", "Essential (primary) hypertension", "29046", "lisinopril", "10 mg by mouth once daily"),
            new Problem("E78.5", "Hyperlipidemia, unspecified", "83367", "atorvastatin", "20 mg by mouth at night"),
            new Problem("J45.909", "Unspecified asthma, uncomplicated", "435", "albuterol", "2 puffs inhaled as needed"),
            new Problem("K21.9", "Gastro-esophageal reflux disease without esophagitis", "7646", "omeprazole", "20 mg by mouth daily"),
            new Problem("F32.9", "Major depressive disorder, single episode, unspecified", "36437", "sertraline", "50 mg by mouth daily"));

    /** A laboratory test: LOINC, unit, normal range, and the spread of invented values. */
    private record Lab(String loinc, String display, String unit, double low, double high, double mean, double spread) {
    }

    private static final List<Lab> METABOLIC = List.of(
            new Lab("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", 70, 99, 98, 18),
            new Lab("2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", 135, 145, 139, 3),
            new Lab("2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", 3.5, 5.1, 4.2, 0.5),
            new Lab("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 0.6, 1.3, 1.0, 0.3));
    private static final List<Lab> BLOOD_COUNT = List.of(
            new Lab("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 12, 17.5, 14, 1.6),
            new Lab("6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*3/uL", 4.5, 11, 7.5, 2.2));
    private static final Lab HBA1C = new Lab("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", 4, 5.6, 7.1, 0.9);

    private final Random random;
    private final String patient;
    private final LocalDate birthDate;
    private final Instant now;
    private final UnaryOperator<DomainResource> store;
    private final List<DomainResource> stored = new ArrayList<>();

    /**
     * @param store stores a record and returns it as stored, with its id (the chart service's
     *        create, or a stand-in in tests)
     */
    public SyntheticChart(Random random, String patientId, LocalDate birthDate, Instant now,
            UnaryOperator<DomainResource> store) {
        this.random = random;
        this.patient = "Patient/" + patientId;
        this.birthDate = birthDate;
        this.now = now.truncatedTo(ChronoUnit.MINUTES);
        this.store = store;
    }

    /** Generates and stores {@code years} of history with about {@code visitsPerYear} outpatient visits a year. */
    public List<DomainResource> generate(int years, int visitsPerYear) {
        Instant start = now.minus(Duration.ofDays(365L * years));
        List<Problem> problems = new ArrayList<>();
        for (Problem problem : PROBLEMS) {
            if (random.nextInt(4) == 0 && age(start) > 18) {
                problems.add(problem);
            }
        }
        for (Problem problem : problems) {
            condition(problem, start.minus(Duration.ofDays(30 + random.nextInt(2000))));
            medication(problem, start.minus(Duration.ofDays(random.nextInt(30))));
        }
        if (random.nextInt(4) == 0) {
            allergy(start.minus(Duration.ofDays(random.nextInt(3000) + 10)));
        }
        int visits = Math.max(1, years * visitsPerYear);
        long step = Duration.between(start, now).toMinutes() / visits;
        for (int i = 0; i < visits; i++) {
            Instant at = start.plus(Duration.ofMinutes(step * i + random.nextInt((int) Math.max(1, step / 2))))
                    .truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(8 + random.nextInt(9)));
            int kind = random.nextInt(20);
            String encounter = kind == 0 ? inpatientStay(at) : kind == 1 ? encounter("EMER", "emergency",
                    "50849002", "Emergency room admission", at, at.plus(Duration.ofHours(3 + random.nextInt(6))))
                    : encounter("AMB", "ambulatory", "185349003", "Encounter for check up", at, at.plus(Duration.ofMinutes(30)));
            vitalSigns(encounter, at.plus(Duration.ofMinutes(5)));
            if (random.nextInt(3) == 0 || kind <= 1) {
                panel(encounter, at.plus(Duration.ofMinutes(40)), "51990-0", "Basic metabolic panel - Blood", METABOLIC,
                        problems.stream().anyMatch(p -> p.icd10().startsWith("E11")) ? HBA1C : null);
            }
            if (random.nextInt(5) == 0 || kind == 0) {
                panel(encounter, at.plus(Duration.ofMinutes(45)), "58410-2", "CBC panel - Blood by Automated count",
                        BLOOD_COUNT, null);
            }
            note(encounter, at.plus(Duration.ofMinutes(25)), kind == 0 ? "18842-5" : "11506-3",
                    kind == 0 ? "Discharge summary" : "Progress note", problems);
            if (at.atZone(ZoneOffset.UTC).getMonthValue() >= 9 && at.atZone(ZoneOffset.UTC).getMonthValue() <= 11
                    && random.nextBoolean()) {
                immunization(at.plus(Duration.ofMinutes(20)), "140",
                        "Influenza, seasonal, injectable, preservative free");
            }
        }
        return stored;
    }

    private long age(Instant at) {
        return ChronoUnit.YEARS.between(birthDate, LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    private String save(DomainResource resource) {
        DomainResource saved = store.apply(resource);
        stored.add(saved);
        return saved.fhirType() + "/" + saved.getIdElement().getIdPart();
    }

    private void condition(Problem problem, Instant onset) {
        Condition condition = new Condition();
        condition.setSubject(new Reference(patient));
        condition.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"));
        condition.setVerificationStatus(concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed",
                "Confirmed"));
        condition.addCategory(concept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item",
                "Problem List Item"));
        condition.setCode(concept("http://hl7.org/fhir/sid/icd-10-cm", problem.icd10(), problem.display()));
        condition.setOnset(new DateTimeType(Date.from(onset)));
        condition.setRecordedDate(Date.from(onset));
        save(condition);
    }

    private void medication(Problem problem, Instant since) {
        MedicationStatement statement = new MedicationStatement();
        statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.setSubject(new Reference(patient));
        statement.setMedication(concept("http://www.nlm.nih.gov/research/umls/rxnorm", problem.rxnorm(), problem.drug()));
        statement.setEffective(new Period().setStart(Date.from(since)));
        statement.setDateAsserted(Date.from(since));
        statement.addDosage().setText(problem.dosage());
        save(statement);
    }

    private void allergy(Instant recorded) {
        AllergyIntolerance allergy = new AllergyIntolerance();
        allergy.setPatient(new Reference(patient));
        allergy.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active",
                "Active"));
        allergy.setVerificationStatus(concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
                "confirmed", "Confirmed"));
        allergy.setType(AllergyIntolerance.AllergyIntoleranceType.ALLERGY);
        allergy.addCategory(AllergyIntolerance.AllergyIntoleranceCategory.MEDICATION);
        boolean penicillin = random.nextInt(3) > 0;
        allergy.setCriticality(penicillin ? AllergyIntolerance.AllergyIntoleranceCriticality.HIGH
                : AllergyIntolerance.AllergyIntoleranceCriticality.LOW);
        allergy.setCode(penicillin
                ? concept("http://www.nlm.nih.gov/research/umls/rxnorm", "7980", "penicillin G")
                : concept("http://www.nlm.nih.gov/research/umls/rxnorm", "2670", "codeine"));
        allergy.setRecordedDate(Date.from(recorded));
        allergy.addReaction()
                .addManifestation(penicillin ? concept("http://snomed.info/sct", "247472004", "Wheal")
                        : concept("http://snomed.info/sct", "422587007", "Nausea"))
                .setSeverity(penicillin ? AllergyIntolerance.AllergyIntoleranceSeverity.SEVERE
                        : AllergyIntolerance.AllergyIntoleranceSeverity.MILD);
        save(allergy);
    }

    private String inpatientStay(Instant admitted) {
        Instant discharged = admitted.plus(Duration.ofDays(2 + random.nextInt(5)));
        Encounter stay = encounterResource("IMP", "inpatient encounter", "32485007", "Hospital admission", admitted,
                discharged);
        stay.getHospitalization().setDischargeDisposition(concept(
                "http://terminology.hl7.org/CodeSystem/discharge-disposition", "home", "Home"));
        return save(stay);
    }

    private String encounter(String kind, String kindDisplay, String snomed, String display, Instant start, Instant end) {
        return save(encounterResource(kind, kindDisplay, snomed, display, start, end));
    }

    private Encounter encounterResource(String kind, String kindDisplay, String snomed, String display, Instant start,
            Instant end) {
        Encounter encounter = new Encounter();
        encounter.setStatus(end.isAfter(now) ? Encounter.EncounterStatus.INPROGRESS : Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", kind, kindDisplay));
        encounter.addType(concept("http://snomed.info/sct", snomed, display));
        encounter.setSubject(new Reference(patient));
        encounter.setPeriod(new Period().setStart(Date.from(start)).setEnd(end.isAfter(now) ? null : Date.from(end)));
        encounter.addParticipant().setIndividual(user("physician"));
        encounter.addLocation().setLocation(new Reference().setDisplay(kind.equals("IMP") ? "Ward 3B" : "Outpatient clinic"));
        return encounter;
    }

    private void vitalSigns(String encounter, Instant at) {
        Observation pressure = observation(encounter, at, "vital-signs", "85354-9", "Blood pressure panel with all children optional");
        int systolic = 105 + random.nextInt(50);
        pressure.addComponent().setCode(concept(LOINC, "8480-6", "Systolic blood pressure"))
                .setValue(quantity(systolic, "mm[Hg]"));
        pressure.addComponent().setCode(concept(LOINC, "8462-4", "Diastolic blood pressure"))
                .setValue(quantity(60 + random.nextInt(35), "mm[Hg]"));
        save(pressure);
        vital(encounter, at, "8867-4", "Heart rate", 55 + random.nextInt(45), "/min");
        vital(encounter, at, "9279-1", "Respiratory rate", 12 + random.nextInt(8), "/min");
        vital(encounter, at, "8310-5", "Body temperature", 36.2 + random.nextInt(18) / 10.0, "Cel");
        vital(encounter, at, "29463-7", "Body weight", 55 + random.nextInt(50), "kg");
    }

    private void vital(String encounter, Instant at, String loinc, String display, double value, String unit) {
        Observation observation = observation(encounter, at, "vital-signs", loinc, display);
        observation.setValue(quantity(value, unit));
        save(observation);
    }

    private void panel(String encounter, Instant at, String loinc, String display, List<Lab> tests, Lab extra) {
        DiagnosticReport report = new DiagnosticReport();
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.addCategory(concept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory"));
        report.setCode(concept(LOINC, loinc, display));
        report.setSubject(new Reference(patient));
        report.setEncounter(new Reference(encounter));
        report.setEffective(new DateTimeType(Date.from(at)));
        report.setIssued(Date.from(at.plus(Duration.ofHours(2))));
        List<Lab> all = new ArrayList<>(tests);
        if (extra != null) {
            all.add(extra);
        }
        for (Lab lab : all) {
            Observation result = observation(encounter, at, "laboratory", lab.loinc(), lab.display());
            double value = Math.max(0.1, lab.mean() + random.nextGaussian() * lab.spread());
            result.setValue(quantity(value, lab.unit()));
            result.addReferenceRange().setLow(quantity(lab.low(), lab.unit())).setHigh(quantity(lab.high(), lab.unit()));
            report.addResult(new Reference(save(result)));
        }
        save(report);
    }

    private Observation observation(String encounter, Instant at, String category, String loinc, String display) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(concept("http://terminology.hl7.org/CodeSystem/observation-category", category,
                category.equals("vital-signs") ? "Vital Signs" : "Laboratory"));
        observation.setCode(concept(LOINC, loinc, display));
        observation.setSubject(new Reference(patient));
        observation.setEncounter(new Reference(encounter));
        observation.setEffective(new DateTimeType(Date.from(at)));
        return observation;
    }

    private void note(String encounter, Instant at, String loinc, String title, List<Problem> problems) {
        DocumentReference note = new DocumentReference();
        note.setStatus(DocumentReferenceStatus.CURRENT);
        note.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
        note.setType(concept(LOINC, loinc, title));
        note.addCategory(concept("http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
                "clinical-note", "Clinical Note"));
        note.setSubject(new Reference(patient));
        note.setDate(Date.from(at));
        note.getContext().addEncounter(new Reference(encounter));
        StringBuilder text = new StringBuilder(title).append(" (synthetic patient; invented for demonstration)\n\n");
        text.append(problems.isEmpty() ? "No chronic problems. " : "Follow-up of: ")
                .append(String.join("; ", problems.stream().map(Problem::display).toList()))
                .append(problems.isEmpty() ? "" : ".")
                .append("\nFeels ").append(random.nextBoolean() ? "well" : "tired, sleeping poorly")
                .append(". Vital signs reviewed. Plan: continue current medication, review in three months.\n");
        note.addContent().setAttachment(new Attachment().setContentType("text/plain; charset=utf-8")
                .setTitle(title).setData(text.toString().getBytes(StandardCharsets.UTF_8)));
        save(note);
    }

    private void immunization(Instant at, String cvx, String display) {
        Immunization immunization = new Immunization();
        immunization.setStatus(Immunization.ImmunizationStatus.COMPLETED);
        immunization.setVaccineCode(concept("http://hl7.org/fhir/sid/cvx", cvx, display));
        immunization.setPatient(new Reference(patient));
        immunization.setOccurrence(new DateTimeType(Date.from(at)));
        immunization.setPrimarySource(true);
        immunization.setLotNumber("SYN" + (1000 + random.nextInt(9000)));
        immunization.setExpirationDate(Date.from(at.plus(Duration.ofDays(120))));
        save(immunization);
    }

    private static Reference user(String username) {
        return new Reference().setIdentifier(new Identifier().setSystem("urn:openward:user")
                .setValue(username)).setDisplay(username);
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }

    private static Quantity quantity(double value, String unit) {
        return new Quantity().setValue(BigDecimal.valueOf(value).setScale(unit.equals("/min") || unit.equals("mm[Hg]")
                ? 0 : 1, RoundingMode.HALF_UP)).setUnit(unit).setSystem(UCUM).setCode(unit);
    }
}
