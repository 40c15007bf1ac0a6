package org.openward.pharmacy.impl;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.pharmacy.api.MedicationOrders;
import org.openward.pharmacy.impl.administration.MedicationAdministrationsImpl;
import org.openward.pharmacy.impl.demo.DemoPharmacy;
import org.openward.pharmacy.impl.dispensing.DispensingImpl;
import org.openward.pharmacy.impl.formulary.Formulary;
import org.openward.pharmacy.impl.formulary.Product;
import org.openward.pharmacy.impl.orders.MedicationOrdersImpl;
import org.openward.pharmacy.impl.safety.CrossSensitivities;
import org.openward.records.api.Patient;
import org.openward.records.api.PersonName;
import org.openward.records.impl.TestRecords;
import org.openward.testing.TestDatabase;

/**
 * The pharmacy's services wired as the runtime wires them, over the real records module, on a
 * test database with the real platform security and audit trail: a ward with a physician, two
 * nurses and a pharmacist, and helpers to write orders and barcodes. The clock stands at
 * 2026-03-01T08:00Z until a test moves it; the ward's standard times are in UTC.
 */
public final class TestPharmacy {

    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String ORAL = "26643006";
    public static final String IV = "47625008";
    public static final String SUBCUTANEOUS = "34206005";
    public static final String WARD = "4-west";

    public final TestRecords records;
    public final PharmacySettings settings;
    public final PharmacyDatabase database;
    public final MedicationOrdersImpl orders;
    public final DispensingImpl dispensing;
    public final MedicationAdministrationsImpl administrations;
    public final Formulary formulary;

    public TestPharmacy(TestDatabase db, Path auditFolder) {
        records = new TestRecords(db, auditFolder);
        formulary = Formulary.shipped();
        settings = new PharmacySettings(formulary, CrossSensitivities.parse(CrossSensitivities.DEFAULT), Set.of(),
                Duration.ofMinutes(60), ZoneOffset.UTC, Duration.ofMillis(500), true);
        database = new PharmacyDatabase(db.migrator(PharmacyDatabase.class), db.jpa("openward-pharmacy"),
                db.transactions());
        PatientCharts charts = new PatientCharts(records.chart, records.patients);
        orders = MedicationOrdersImpl.outsideOsgi(database, records.platform.security, records.audit, charts, settings,
                records.platform.decisionSupport, records.platform.clock);
        dispensing = DispensingImpl.outsideOsgi(database, records.platform.security, records.audit, charts, settings,
                records.platform.clock);
        administrations = new MedicationAdministrationsImpl(database, records.platform.security, records.audit, charts,
                settings, records.platform.clock);
        for (String[] user : new String[][] {{"clerk", "registration"}, {"dr.grey", "physician"}, {"nurse.joy", "nurse"},
                {"nurse.kim", "nurse"}, {"pharm.lee", "pharmacist"}, {"privacy", "auditor"}, {"dr.away", "physician"}}) {
            records.platform.user(user[0], user[1]);
        }
        as("clerk", () -> {
            records.care.assignToWard("dr.grey", WARD);
            records.care.assignToWard("nurse.joy", WARD);
            records.care.assignToWard("nurse.kim", WARD);
            return null;
        });
    }

    /** Registers a patient on the ward, weighing {@code kg} (none when null). */
    public Patient admit(String family, LocalDate birthDate, Double kg) {
        Patient patient = as("clerk", () -> records.patients.register(Patient.toRegister(null,
                List.of(PersonName.official(family, "Test")), birthDate, null, List.of(), List.of(), List.of())));
        as("clerk", () -> {
            records.care.admitToWard(patient.id(), WARD);
            return null;
        });
        if (kg != null) {
            Observation weight = new Observation();
            weight.setStatus(Observation.ObservationStatus.FINAL);
            weight.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                    "vital-signs", null)));
            weight.setCode(new CodeableConcept(new Coding("http://loinc.org", "29463-7", "Body weight")));
            weight.setSubject(new Reference("Patient/" + patient.id()));
            weight.setEffective(new org.hl7.fhir.r4.model.DateTimeType(Date.from(records.platform.clock.instant())));
            weight.setValue(new Quantity().setValue(BigDecimal.valueOf(kg)).setUnit("kg")
                    .setSystem("http://unitsofmeasure.org").setCode("kg"));
            as("nurse.joy", () -> records.chart.create(weight));
        }
        return patient;
    }

    /** Records an active, confirmed allergy to an RxNorm substance. */
    public void allergy(String patientId, String rxnorm, String display, boolean high) {
        AllergyIntolerance allergy = new AllergyIntolerance();
        allergy.setPatient(new Reference("Patient/" + patientId));
        allergy.setClinicalStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", null)));
        allergy.setVerificationStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", null)));
        allergy.setCriticality(high ? AllergyIntolerance.AllergyIntoleranceCriticality.HIGH
                : AllergyIntolerance.AllergyIntoleranceCriticality.LOW);
        allergy.setCode(new CodeableConcept(new Coding(RXNORM, rxnorm, display)));
        as("nurse.joy", () -> records.chart.create(allergy));
    }

    /** An order of a formulary drug: {@code frequency} doses per {@code period} {@code unit} (h or d), starting now. */
    public static MedicationRequest order(String patientId, String rxnorm, double dose, String unit, String route,
            int frequency, double period, String periodUnit) {
        MedicationRequest order = new MedicationRequest();
        order.setSubject(new Reference("Patient/" + patientId));
        order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.setMedication(new CodeableConcept(new Coding(RXNORM, rxnorm, null)));
        var dosage = order.addDosageInstruction();
        dosage.addDoseAndRate().setDose(new Quantity().setValue(BigDecimal.valueOf(dose)).setUnit(unit)
                .setSystem("http://unitsofmeasure.org").setCode(unit));
        dosage.setRoute(new CodeableConcept(new Coding(SNOMED, route, null)));
        if (frequency > 0) {
            dosage.getTiming().getRepeat().setFrequency(frequency).setPeriod(period)
                    .setPeriodUnit(Timing.UnitsOfTime.fromCode(periodUnit));
        }
        return order;
    }

    /** Adds an override of one alert to an order. */
    public static MedicationRequest override(MedicationRequest order, String alertKey, String reason) {
        var extension = order.addExtension().setUrl(MedicationOrders.OVERRIDE_EXTENSION);
        extension.addExtension("alert", new StringType(alertKey));
        extension.addExtension("reason", new StringType(reason));
        return order;
    }

    /** Starts an order at a given time. */
    public static MedicationRequest startingAt(MedicationRequest order, java.time.Instant start) {
        order.getDosageInstructionFirstRep().getTiming().getRepeat().setBounds(new Period().setStart(Date.from(start)));
        return order;
    }

    /** The first shipped product of a drug. */
    public Product product(String rxnorm) {
        return formulary.products(rxnorm).get(0);
    }

    /** A GS1 barcode of a product's lot, expiring on the date given, as a keyboard-wedge scanner types it. */
    public static String barcode(Product product, LocalDate expiry, String lot) {
        return DemoPharmacy.barcode(product, expiry, lot);
    }

    /** A lot that will not expire during the test. */
    public static String barcode(Product product) {
        return barcode(product, LocalDate.of(2028, 1, 31), "LOT1");
    }

    /** Stocks a product at a location. */
    public void stock(String location, Product product, int units) {
        as("pharm.lee", () -> dispensing.receive(location, barcode(product), units));
    }

    /** Orders as the physician (overrides included) and verifies as the pharmacist. */
    public MedicationRequest orderedAndVerified(MedicationRequest order) {
        MedicationRequest placed = as("dr.grey", () -> orders.order(order));
        return as("pharm.lee", () -> orders.verify(placed.getIdElement().getIdPart(),
                org.openward.pharmacy.api.Verification.VERIFIED, null));
    }

    public <T> T as(String user, Supplier<T> work) {
        return records.platform.security.callWithToken(records.platform.login(user), "10.9.9.9", "req-" + user, work);
    }

    /** The audit records about a patient, newest first. */
    public List<AuditRecord> trail(String patientId) {
        return as("privacy", () -> records.audit.search(AuditQuery.forPatient(patientId, 200)).records());
    }
}
