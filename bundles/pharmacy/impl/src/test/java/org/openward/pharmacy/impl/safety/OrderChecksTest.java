package org.openward.pharmacy.impl.safety;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceCriticality;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceSeverity;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openward.pharmacy.api.Alert;
import org.openward.pharmacy.api.AlertKind;
import org.openward.pharmacy.impl.formulary.Formulary;
import org.openward.pharmacy.impl.formulary.FormularyDrug;
import org.openward.pharmacy.spi.DrugConcept;
import org.openward.pharmacy.spi.Interaction;
import org.openward.pharmacy.spi.InteractionKnowledgeBase;
import org.openward.pharmacy.spi.Severity;

public class OrderChecksTest {

    private static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    private static final String VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
    private static final Formulary FORMULARY = Formulary.shipped();
    private static final ShippedInteractionKnowledgeBase SHIPPED_KB = new ShippedInteractionKnowledgeBase();

    private ExecutorService executor;
    private List<InteractionKnowledgeBase> knowledgeBases;
    private OrderChecks checks;

    @Before
    public void setUp() {
        executor = Executors.newCachedThreadPool();
        knowledgeBases = new CopyOnWriteArrayList<>(List.of(SHIPPED_KB));
        checks = new OrderChecks(FORMULARY, CrossSensitivities.parse(CrossSensitivities.DEFAULT),
                () -> knowledgeBases, Duration.ofMillis(200), executor);
    }

    @After
    public void tearDown() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
    }

    // ------------------------------------------------------------ helpers

    private static FormularyDrug drug(String rxnorm) {
        return FORMULARY.drug(rxnorm).orElseThrow();
    }

    private static ProposedOrder order(String rxnorm, double dose, double perDay) {
        return new ProposedOrder(drug(rxnorm), dose, perDay, false);
    }

    private static AllergyIntolerance allergy(String id, String rxnorm, String display,
            AllergyIntoleranceCriticality criticality) {
        AllergyIntolerance a = new AllergyIntolerance();
        a.setId("AllergyIntolerance/" + id);
        a.setClinicalStatus(new CodeableConcept(new Coding(CLINICAL, "active", "Active")));
        a.setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION, "confirmed", "Confirmed")));
        a.setType(AllergyIntoleranceType.ALLERGY);
        a.setCriticality(criticality);
        a.setCode(new CodeableConcept(new Coding(OrderChecks.RXNORM, rxnorm, display)));
        a.addReaction().addManifestation(new CodeableConcept(new Coding("http://snomed.info/sct", "126485001",
                "Urticaria"))).setSeverity(AllergyIntoleranceSeverity.SEVERE);
        a.setRecordedDateElement(new DateTimeType("2024-03-01T09:30:00Z"));
        return a;
    }

    private static PatientContext allergic(AllergyIntolerance... allergies) {
        return new PatientContext(Arrays.asList(allergies), List.of(), 70.0);
    }

    private static PatientContext taking(Double weightKg, CurrentMedication... current) {
        return new PatientContext(List.of(), Arrays.asList(current), weightKg);
    }

    private static CurrentMedication current(String rxnorm, String source) {
        return new CurrentMedication(FORMULARY.concept(rxnorm, null), source);
    }

    private static Alert only(List<Alert> alerts, String key) {
        List<Alert> matching = alerts.stream().filter(a -> a.key().equals(key)).toList();
        assertEquals("alerts: " + alerts, 1, matching.size());
        return matching.get(0);
    }

    private static void none(List<Alert> alerts, String keyPrefix) {
        assertTrue("unexpected alert in " + alerts, alerts.stream().noneMatch(a -> a.key().startsWith(keyPrefix)));
    }

    /** A knowledge base for tests: a fixed answer, an exception, or a long sleep. */
    private static InteractionKnowledgeBase kb(String name, Severity severity, String summary, long sleepMillis,
            RuntimeException failure) {
        return new InteractionKnowledgeBase() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Interaction> interactions(DrugConcept proposed, Collection<DrugConcept> current) {
                if (failure != null) {
                    throw failure;
                }
                if (sleepMillis > 0) {
                    try {
                        Thread.sleep(sleepMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return List.of();
                    }
                }
                List<Interaction> found = new ArrayList<>();
                for (DrugConcept c : current) {
                    found.add(new Interaction(c, severity, summary, name + " reference"));
                }
                return found;
            }
        };
    }

    // ------------------------------------------------------------ drug-allergy

    @Test
    public void allergyToTheIngredient() {
        List<Alert> alerts = checks.check(order("723", 500, 3),
                allergic(allergy("a1", "723", "Amoxicillin", AllergyIntoleranceCriticality.HIGH)));
        Alert alert = only(alerts, "drug-allergy:a1");
        assertEquals(AlertKind.DRUG_ALLERGY, alert.kind());
        assertEquals(Severity.HIGH, alert.severity());
        assertEquals("The patient is allergic to amoxicillin.", alert.message());
        assertEquals("AllergyIntolerance/a1: amoxicillin (RxNorm 723); criticality high; type allergy; confirmed;"
                + " reaction: Urticaria (severe); recorded 2024-03-01", alert.evidence());
        assertEquals(1, alerts.size());
    }

    @Test
    public void lowCriticalityAllergyIsModerate() {
        Alert alert = only(checks.check(order("723", 500, 3),
                allergic(allergy("a2", "723", "Amoxicillin", AllergyIntoleranceCriticality.LOW))), "drug-allergy:a2");
        assertEquals(Severity.MODERATE, alert.severity());
        AllergyIntolerance unassessed = allergy("a3", "723", null, AllergyIntoleranceCriticality.UNABLETOASSESS);
        assertEquals(Severity.HIGH, only(checks.check(order("723", 500, 3), allergic(unassessed)), "drug-allergy:a3")
                .severity());
    }

    @Test
    public void refutedInactiveAndEnteredInErrorAllergiesAreIgnored() {
        AllergyIntolerance refuted = allergy("r1", "723", "Amoxicillin", AllergyIntoleranceCriticality.HIGH);
        refuted.setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION, "refuted", null)));
        AllergyIntolerance inError = allergy("r2", "723", "Amoxicillin", AllergyIntoleranceCriticality.HIGH);
        inError.setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION, "entered-in-error", null)));
        AllergyIntolerance inactive = allergy("r3", "723", "Amoxicillin", AllergyIntoleranceCriticality.HIGH);
        inactive.setClinicalStatus(new CodeableConcept(new Coding(CLINICAL, "inactive", null)));
        AllergyIntolerance resolved = allergy("r4", "7980", "Penicillin G", AllergyIntoleranceCriticality.HIGH);
        resolved.setClinicalStatus(new CodeableConcept(new Coding(CLINICAL, "resolved", null)));
        assertEquals(List.of(), checks.check(order("723", 500, 3), allergic(refuted, inError, inactive, resolved)));
    }

    @Test
    public void unconfirmedAllergyOrOneWithoutClinicalStatusCounts() {
        AllergyIntolerance unconfirmed = allergy("u1", "723", "Amoxicillin", AllergyIntoleranceCriticality.HIGH);
        unconfirmed.setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION, "unconfirmed", null)));
        AllergyIntolerance noStatus = allergy("u2", "723", "Amoxicillin", AllergyIntoleranceCriticality.HIGH);
        noStatus.setClinicalStatus(null);
        List<Alert> alerts = checks.check(order("723", 500, 3), allergic(unconfirmed, noStatus));
        only(alerts, "drug-allergy:u1");
        only(alerts, "drug-allergy:u2");
    }

    @Test
    public void allergyWithoutAnRxNormCodeIsSkipped() {
        AllergyIntolerance snomedOnly = allergy("s1", "723", "Amoxicillin", AllergyIntoleranceCriticality.HIGH);
        snomedOnly.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "294505008", "Amoxicillin allergy"))
                .setText("amoxicillin"));
        assertEquals(List.of(), checks.check(order("723", 500, 3), allergic(snomedOnly)));
    }

    @Test
    public void penicillinGAllergyStopsAmoxicillinBySameClass() {
        AllergyIntolerance penicillinG = allergy("pg", "7980", "Penicillin G", AllergyIntoleranceCriticality.HIGH);
        Alert alert = only(checks.check(order("723", 500, 3), allergic(penicillinG)), "drug-allergy:pg");
        assertEquals(AlertKind.DRUG_ALLERGY, alert.kind());
        assertEquals(Severity.HIGH, alert.severity());
        assertTrue(alert.message(), alert.message().contains("same class: penicillins"));
        assertTrue(alert.evidence(), alert.evidence().startsWith("AllergyIntolerance/pg: Penicillin G (RxNorm 7980)"));
    }

    @Test
    public void penicillinAllergyAndCephalexinIsAModerateCrossSensitivity() {
        List<Alert> alerts = checks.check(order("2231", 500, 4),
                allergic(allergy("p1", "70618", "Penicillin", AllergyIntoleranceCriticality.HIGH)));
        Alert alert = only(alerts, "cross-sensitivity:p1");
        assertEquals(AlertKind.CROSS_SENSITIVITY, alert.kind());
        assertEquals(Severity.MODERATE, alert.severity());
        assertTrue(alert.message(), alert.message().contains("penicillins and cephalosporins"));
        none(alerts, "drug-allergy:");
    }

    @Test
    public void crossSensitivityFollowsTheConfiguration() {
        OrderChecks none = new OrderChecks(FORMULARY, CrossSensitivities.parse(""), () -> knowledgeBases,
                Duration.ofMillis(200), executor);
        assertEquals(List.of(), none.check(order("2231", 500, 4),
                allergic(allergy("p1", "70618", "Penicillin", AllergyIntoleranceCriticality.HIGH))));
        OrderChecks high = new OrderChecks(FORMULARY, CrossSensitivities.parse("penicillins>cephalosporins:high"),
                () -> knowledgeBases, Duration.ofMillis(200), executor);
        assertEquals(Severity.HIGH, only(high.check(order("2193", 1000, 1),
                allergic(allergy("p1", "70618", "Penicillin", AllergyIntoleranceCriticality.LOW))),
                "cross-sensitivity:p1").severity());
    }

    @Test
    public void unrelatedOrBroadClassAllergiesDoNotFire() {
        // penicillin allergy and vancomycin: no relation
        assertEquals(List.of(), checks.check(order("11124", 1000, 2),
                allergic(allergy("p1", "70618", "Penicillin", AllergyIntoleranceCriticality.HIGH))));
        // ibuprofen allergy and acetaminophen share only "analgesics"
        assertEquals(List.of(), checks.check(order("161", 500, 4),
                allergic(allergy("i1", "5640", "Ibuprofen", AllergyIntoleranceCriticality.HIGH))));
        // ibuprofen allergy and ketorolac: both NSAIDs
        Alert nsaid = only(checks.check(order("35827", 15, 4),
                allergic(allergy("i1", "5640", "Ibuprofen", AllergyIntoleranceCriticality.HIGH))), "drug-allergy:i1");
        assertTrue(nsaid.message(), nsaid.message().contains("same class: nsaids"));
    }

    // ------------------------------------------------------------ interactions

    @Test
    public void sertralineAndTramadolFromTheShippedKnowledgeBase() {
        List<Alert> alerts = checks.check(order("10689", 50, 4),
                taking(70.0, current("36437", "recorded MedicationStatement/ab")));
        Alert alert = only(alerts, "drug-interaction:36437");
        assertEquals(AlertKind.DRUG_INTERACTION, alert.kind());
        assertEquals(Severity.MODERATE, alert.severity());
        assertTrue(alert.message(),
                alert.message().startsWith("tramadol with sertraline (recorded MedicationStatement/ab): "));
        assertTrue(alert.message(), alert.message().contains("Serotonin syndrome"));
        assertTrue(alert.evidence(), alert.evidence().startsWith("OpenWard high-priority DDI 2026.11: "));
        assertEquals(1, alerts.size());
    }

    @Test
    public void failingAndSlowKnowledgeBasesAreReportedAndTheOthersStillAnswer() {
        knowledgeBases.add(kb("Broken DDI 1.0", Severity.LOW, "never", 0, new IllegalStateException("index corrupt")));
        knowledgeBases.add(kb("Slow DDI 2.0", Severity.LOW, "too late", 5_000, null));
        knowledgeBases.add(kb("Vendor DDI 3.1", Severity.LOW, "Vendor says so.", 0, null));
        long start = System.nanoTime();
        List<Alert> alerts = checks.check(order("10689", 50, 4),
                taking(70.0, current("36437", "order MedicationRequest/12")));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue("took " + millis + " ms", millis < 2_000);

        Alert broken = only(alerts, "check-unavailable:Broken DDI 1.0");
        assertEquals(AlertKind.CHECK_UNAVAILABLE, broken.kind());
        assertEquals(Severity.MODERATE, broken.severity());
        assertEquals("Interaction checking with Broken DDI 1.0 could not run; interactions it knows are not shown.",
                broken.message());
        assertTrue(broken.evidence(), broken.evidence().contains("IllegalStateException: index corrupt"));
        Alert slow = only(alerts, "check-unavailable:Slow DDI 2.0");
        assertEquals(Severity.MODERATE, slow.severity());
        assertTrue(slow.evidence(), slow.evidence().contains("within 200 ms"));

        Alert interaction = only(alerts, "drug-interaction:36437");
        assertEquals(Severity.MODERATE, interaction.severity());
        assertTrue(interaction.evidence(), interaction.evidence().contains("OpenWard high-priority DDI 2026.11: "));
        assertTrue(interaction.evidence(), interaction.evidence().contains("Vendor DDI 3.1: Vendor DDI 3.1 reference"));
        assertFalse(interaction.message(), interaction.message().contains("too late"));
        assertEquals(3, alerts.size());
    }

    @Test
    public void theSamePairFromTwoKnowledgeBasesKeepsTheHigherSeverity() {
        knowledgeBases.add(kb("Vendor DDI 3.1", Severity.HIGH, "Vendor: avoid.", 0, null));
        Alert alert = only(checks.check(order("10689", 50, 4),
                taking(70.0, current("36437", "order MedicationRequest/12"))),
                "drug-interaction:36437");
        assertEquals(Severity.HIGH, alert.severity());
        assertTrue(alert.message(), alert.message().endsWith("Vendor: avoid."));
        assertTrue(alert.evidence(), alert.evidence().startsWith("OpenWard high-priority DDI 2026.11: "));
        assertTrue(alert.evidence(), alert.evidence().endsWith("; Vendor DDI 3.1: Vendor DDI 3.1 reference"));
    }

    @Test
    public void aFailingKnowledgeBaseListCountsAsNone() {
        OrderChecks broken = new OrderChecks(FORMULARY, CrossSensitivities.parse(CrossSensitivities.DEFAULT), () -> {
            throw new IllegalStateException("service registry closed");
        }, Duration.ofMillis(200), executor);
        only(broken.check(order("10689", 50, 4), taking(70.0, current("36437", "order MedicationRequest/12"))),
                "check-unavailable:interactions");
    }

    @Test
    public void noKnowledgeBaseIsReportedWhenThereIsSomethingToCheck() {
        knowledgeBases.clear();
        Alert alert = only(checks.check(order("10689", 50, 4),
                taking(70.0, current("36437", "order MedicationRequest/12"))),
                "check-unavailable:interactions");
        assertEquals(Severity.MODERATE, alert.severity());
        // nothing taken: nothing to check, nothing reported
        knowledgeBases.add(kb("Broken DDI 1.0", Severity.LOW, "never", 0, new IllegalStateException("down")));
        assertEquals(List.of(), checks.check(order("10689", 50, 4), taking(70.0)));
    }

    @Test
    public void interactionsWithHomeMedicationsUseTheClassIndex() {
        CurrentMedication lorazepam = new CurrentMedication(FORMULARY.concept("6470", "lorazepam 1 mg tablet"),
                "recorded MedicationStatement/h1");
        Alert alert = only(checks.check(order("7052", 2, 6), taking(70.0, lorazepam)), "drug-interaction:6470");
        assertEquals(Severity.HIGH, alert.severity());
        assertTrue(alert.message(), alert.message().startsWith("morphine with lorazepam 1 mg tablet"));
        assertTrue(alert.evidence(), alert.evidence().contains("August 2016"));
    }

    // ------------------------------------------------------------ duplicate therapy

    @Test
    public void sameIngredientIsAHighDuplicate() {
        List<Alert> alerts = checks.check(order("7052", 2, 6),
                taking(70.0, current("7052", "order MedicationRequest/12")));
        Alert alert = only(alerts, "duplicate-therapy:7052");
        assertEquals(AlertKind.DUPLICATE_THERAPY, alert.kind());
        assertEquals(Severity.HIGH, alert.severity());
        assertEquals("The patient already takes morphine.", alert.message());
        assertEquals("order MedicationRequest/12", alert.evidence());
        none(alerts, "drug-interaction:");
        // a combination product (a synthetic concept code) that contains the ordered ingredient
        CurrentMedication combination = new CurrentMedication(new DrugConcept("900001", "oxycodone / acetaminophen",
                Set.of("7804", "161"), Set.of("opioids", "analgesics")), "recorded MedicationStatement/c");
        Alert combined = only(checks.check(order("161", 500, 4), taking(70.0, combination)),
                "duplicate-therapy:900001");
        assertEquals(Severity.HIGH, combined.severity());
        assertEquals("The patient already takes oxycodone / acetaminophen, which also contains acetaminophen.",
                combined.message());
    }

    @Test
    public void sameClassIsAModerateDuplicate() {
        List<Alert> alerts = checks.check(order("7052", 2, 6),
                taking(70.0, current("7804", "order MedicationRequest/13"),
                        current("7804", "recorded MedicationStatement/x")));
        Alert alert = only(alerts, "duplicate-therapy:7804");
        assertEquals(Severity.MODERATE, alert.severity());
        assertTrue(alert.message(), alert.message().endsWith("of the same class as morphine: opioids."));
        assertEquals("order MedicationRequest/13; recorded MedicationStatement/x", alert.evidence());
    }

    @Test
    public void broadClassesAreNotDuplicates() {
        // acetaminophen and ibuprofen share only "analgesics"; aspirin and clopidogrel only "antiplatelets"
        none(checks.check(order("5640", 400, 3), taking(70.0, current("161", "order MedicationRequest/1"))),
                "duplicate-therapy:");
        none(checks.check(order("32968", 75, 1), taking(70.0, current("1191", "order MedicationRequest/2"))),
                "duplicate-therapy:");
        // ...but aspirin and ibuprofen are both NSAIDs
        only(checks.check(order("5640", 400, 3), taking(70.0, current("1191", "order MedicationRequest/2"))),
                "duplicate-therapy:1191");
    }

    // ------------------------------------------------------------ dose range

    @Test
    public void paediatricAcetaminophenAboveFifteenMgPerKg() {
        List<Alert> alerts = checks.check(order("161", 500, 4), new PatientContext(List.of(), List.of(), 12.0));
        Alert single = only(alerts, "dose-range:single-per-kg");
        assertEquals(AlertKind.DOSE_RANGE, single.kind());
        assertEquals(Severity.HIGH, single.severity());
        assertEquals("acetaminophen 500 mg is more than 15 mg/kg for 12.0 kg (180 mg).", single.message());
        assertEquals("Formulary dose limits for acetaminophen (RxNorm 161): at most 1000 mg per dose, 4000 mg/day,"
                + " 15 mg/kg per dose, 75 mg/kg/day; dosed by weight", single.evidence());
        Alert daily = only(alerts, "dose-range:daily-per-kg");
        assertEquals("acetaminophen 500 mg 4 times a day (2000 mg/day) is more than 75 mg/kg/day for 12.0 kg"
                + " (900 mg/day).", daily.message());
        assertEquals(2, alerts.size());
    }

    @Test
    public void adultAcetaminophenEveryFourHoursExceedsTheDailyMaximum() {
        List<Alert> alerts = checks.check(order("161", 1000, 6), new PatientContext(List.of(), List.of(), 80.0));
        Alert daily = only(alerts, "dose-range:daily");
        assertEquals(Severity.HIGH, daily.severity());
        assertEquals("acetaminophen 1000 mg 6 times a day (6000 mg/day) is more than the largest daily dose,"
                + " 4000 mg/day.",
                daily.message());
        assertEquals(List.of(daily), alerts);
    }

    @Test
    public void dosesAtTheLimitPass() {
        assertEquals(List.of(), checks.check(order("161", 1000, 4), new PatientContext(List.of(), List.of(), 80.0)));
        assertEquals(List.of(), checks.check(order("161", 180, 5), new PatientContext(List.of(), List.of(), 12.0)));
    }

    @Test
    public void singleDoseAboveTheMaximum() {
        Alert alert = only(checks.check(order("5224", 20000, 1), taking(null)), "dose-range:single");
        assertEquals("heparin 20000 units is more than the largest single dose, 10000 units.", alert.message());
        assertEquals(Severity.HIGH, alert.severity());
    }

    @Test
    public void asNeededOrdersAssumeTheMostDosesADay() {
        ProposedOrder prn = new ProposedOrder(drug("7804"), 20, 0, true);
        List<Alert> alerts = checks.check(prn, taking(null));
        only(alerts, "dose-range:single");
        Alert daily = only(alerts, "dose-range:daily");
        assertEquals("oxycodone 20 mg up to 6 times a day as needed (120 mg/day) is more than the largest daily dose,"
                + " 90 mg/day.", daily.message());
        assertTrue(daily.evidence(), daily.evidence().endsWith("as-needed order counted as 6 doses a day"));
        assertEquals(List.of(), checks.check(new ProposedOrder(drug("7804"), 15, 0, true), taking(null)));
    }

    @Test
    public void weightBasedDrugWithoutAWeight() {
        List<Alert> alerts = checks.check(order("161", 500, 4), taking(null));
        Alert alert = only(alerts, "check-unavailable:weight");
        assertEquals(AlertKind.CHECK_UNAVAILABLE, alert.kind());
        assertEquals(Severity.MODERATE, alert.severity());
        assertEquals(1, alerts.size());
        // a drug not dosed by weight needs none
        assertEquals(List.of(), checks.check(order("723", 500, 3), taking(null)));
    }

    // ------------------------------------------------------------ ordering

    @Test
    public void alertsComeHighestSeverityFirstThenByKey() {
        PatientContext patient = new PatientContext(
                List.of(allergy("z9", "7980", "Penicillin G", AllergyIntoleranceCriticality.LOW)),
                List.of(current("36437", "order MedicationRequest/1"), current("10689", "order MedicationRequest/2")),
                null);
        // tramadol 150 mg: above the single maximum; a second tramadol; sertraline interacts; no weight needed
        List<Alert> alerts = checks.check(order("10689", 150, 4), patient);
        List<String> keys = alerts.stream().map(Alert::key).toList();
        assertEquals(List.of("dose-range:daily", "dose-range:single", "duplicate-therapy:10689",
                "drug-interaction:36437"), keys);
        for (int i = 1; i < alerts.size(); i++) {
            if (alerts.get(i - 1).severity().compareTo(alerts.get(i).severity()) > 0) {
                fail("not ordered: " + keys);
            }
        }
    }
}
