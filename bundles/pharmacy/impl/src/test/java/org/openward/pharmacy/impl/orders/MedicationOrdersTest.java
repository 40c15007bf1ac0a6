package org.openward.pharmacy.impl.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openward.audit.api.AuditRecord;
import org.openward.pharmacy.api.Alert;
import org.openward.pharmacy.api.AlertKind;
import org.openward.pharmacy.api.OrderQuery;
import org.openward.pharmacy.api.Verification;
import org.openward.pharmacy.impl.TestPharmacy;
import org.openward.pharmacy.spi.Severity;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.OpenWardException;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.records.api.Patient;
import org.openward.testing.TestDatabase;

/** Ordering with safety checks, overriding, verification and history, on the real records and audit. */
public class MedicationOrdersTest {

    private static final String ACETAMINOPHEN = "161";
    private static final String AMOXICILLIN = "723";
    private static final String CEPHALEXIN = "2231";
    private static final String TRAMADOL = "10689";
    private static final String SERTRALINE = "36437";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private TestPharmacy pharmacy;
    private Patient adult;

    @Before
    public void setUp() {
        pharmacy = new TestPharmacy(database, folder.getRoot().toPath());
        adult = pharmacy.admit("Orderly", LocalDate.of(1965, 3, 3), 72.0);
    }

    @After
    public void close() {
        database.close();
    }

    private MedicationRequest oral(Patient who, String rxnorm, double dose) {
        String unit = pharmacy.formulary.drug(rxnorm).orElseThrow().doseUnit();
        return TestPharmacy.order(who.id(), rxnorm, dose, unit, TestPharmacy.ORAL, 4, 1, "d");
    }

    private <T> T as(String user, Supplier<T> work) {
        return pharmacy.as(user, work);
    }

    private List<MedicationRequest> ordersOf(Patient who) {
        return as("dr.grey", () -> pharmacy.orders.search(new OrderQuery(who.id(), null, false)));
    }

    private List<String> trail(Patient who) {
        return pharmacy.trail(who.id()).stream().map(AuditRecord::detail).toList();
    }

    @Test
    public void aPenicillinAllergyStopsAmoxicillinUntilOverriddenAndEveryAlertIsAudited() {
        pharmacy.allergy(adult.id(), "7980", "penicillin G", true);
        MedicationRequest order = oral(adult, AMOXICILLIN, 500);
        List<Alert> alerts = as("dr.grey", () -> pharmacy.orders.check(order));
        Alert allergy = alerts.stream().filter(a -> a.kind() == AlertKind.DRUG_ALLERGY).findFirst().orElseThrow();
        assertEquals(Severity.HIGH, allergy.severity());
        assertThat(trail(adult), hasItem(containsString("alert shown: " + allergy.key())));

        try {
            as("dr.grey", () -> pharmacy.orders.order(order));
            fail("a high alert not overridden must stop the order");
        } catch (OpenWardException e) {
            assertEquals("OW-1510", e.code());
            assertThat(e.getMessage(), containsString(allergy.key()));
        }
        assertTrue("nothing stored", ordersOf(adult).isEmpty());

        MedicationRequest placed = as("dr.grey", () -> pharmacy.orders.order(
                TestPharmacy.override(order, allergy.key(), "tolerated amoxicillin in 2024")));
        DetectedIssue issue = (DetectedIssue) placed.getContained().get(0);
        assertEquals(allergy.key(), issue.getIdentifierFirstRep().getValue());
        assertEquals("overridden", issue.getMitigationFirstRep().getAction().getCodingFirstRep().getCode());
        assertEquals("tolerated amoxicillin in 2024", issue.getMitigationFirstRep().getAction().getText());
        assertThat(trail(adult), hasItem(containsString("alert overridden: " + allergy.key())));
        assertEquals(Verification.PENDING, OrderStore.verificationOf(placed));
    }

    @Test
    public void penicillinAllergyWarnsOfCephalosporinCrossSensitivity() {
        pharmacy.allergy(adult.id(), "7980", "penicillin G", true);
        List<Alert> alerts = as("dr.grey", () -> pharmacy.orders.check(oral(adult, CEPHALEXIN, 500)));
        Alert cross = alerts.stream().filter(a -> a.kind() == AlertKind.CROSS_SENSITIVITY).findFirst().orElseThrow();
        assertEquals(Severity.MODERATE, cross.severity());
        // a moderate alert is shown and accepted: the order goes through
        MedicationRequest placed = as("dr.grey", () -> pharmacy.orders.order(oral(adult, CEPHALEXIN, 500)));
        assertThat(trail(adult), hasItem(containsString("alert accepted: " + cross.key())));
        assertEquals("accepted", ((DetectedIssue) placed.getContained().get(0)).getMitigationFirstRep().getAction()
                .getCodingFirstRep().getCode());
    }

    @Test
    public void anInteractionWithAnActiveOrderIsFound() {
        pharmacy.orderedAndVerified(oral(adult, SERTRALINE, 50));
        List<Alert> alerts = as("dr.grey", () -> pharmacy.orders.check(oral(adult, TRAMADOL, 50)));
        assertThat(alerts.stream().map(Alert::key).toList(), hasItem("drug-interaction:" + SERTRALINE));
    }

    @Test
    public void theSameDrugTwiceIsDuplicateTherapy() {
        as("dr.grey", () -> pharmacy.orders.order(oral(adult, ACETAMINOPHEN, 500)));
        List<Alert> alerts = as("dr.grey", () -> pharmacy.orders.check(oral(adult, ACETAMINOPHEN, 500)));
        assertThat(alerts.stream().map(Alert::key).toList(), hasItem("duplicate-therapy:" + ACETAMINOPHEN));
    }

    @Test
    public void aChildsDoseIsCheckedAgainstTheirWeight() {
        Patient child = pharmacy.admit("Little", LocalDate.of(2023, 6, 1), 12.0);
        List<Alert> alerts = as("dr.grey", () -> pharmacy.orders.check(oral(child, ACETAMINOPHEN, 500)));
        assertThat(alerts.stream().map(Alert::key).toList(), hasItem("dose-range:single-per-kg"));
        List<Alert> fine = as("dr.grey", () -> pharmacy.orders.check(oral(child, ACETAMINOPHEN, 160)));
        assertTrue(fine.stream().noneMatch(a -> a.kind() == AlertKind.DOSE_RANGE));
    }

    @Test
    public void aMalformedOrderIsRefusedByFieldAndNothingIsStored() {
        String[][] cases = {
            {"subject", null},
            {"medicationCodeableConcept", "999999"},
            {"dosageInstruction[0].doseAndRate[0].doseQuantity.code", "g"},
            {"dosageInstruction[0].route", "route"},
            {"dosageInstruction[0].timing.repeat", "timing"},
        };
        for (String[] c : cases) {
            MedicationRequest order = oral(adult, ACETAMINOPHEN, 500);
            switch (c[0]) {
                case "subject" -> order.setSubject(new Reference("Group/1"));
                case "medicationCodeableConcept" -> order.getMedicationCodeableConcept().getCodingFirstRep().setCode(c[1]);
                case "dosageInstruction[0].doseAndRate[0].doseQuantity.code" ->
                        order.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity().setCode("g").setUnit("g");
                case "dosageInstruction[0].route" ->
                        order.getDosageInstructionFirstRep().getRoute().getCodingFirstRep().setCode(TestPharmacy.SUBCUTANEOUS);
                default -> order.getDosageInstructionFirstRep().getTiming().getRepeat().setPeriod(0);
            }
            try {
                as("dr.grey", () -> pharmacy.orders.order(order));
                fail(c[0] + " must be refused");
            } catch (InvalidInputException e) {
                assertEquals(c[0], e.field());
            }
        }
        assertTrue(ordersOf(adult).isEmpty());
    }

    @Test
    public void modifyAndDiscontinueKeepEveryVersionAndModifyingGoesBackToVerification() {
        MedicationRequest placed = pharmacy.orderedAndVerified(oral(adult, ACETAMINOPHEN, 500));
        String id = placed.getIdElement().getIdPart();
        MedicationRequest changed = oral(adult, ACETAMINOPHEN, 650);
        MedicationRequest modified = as("dr.grey", () -> pharmacy.orders.modify(id, changed));
        assertEquals(Verification.PENDING, OrderStore.verificationOf(modified));
        as("dr.grey", () -> pharmacy.orders.discontinue(id, "fever resolved"));

        List<MedicationRequest> history = as("dr.grey", () -> pharmacy.orders.history(id));
        assertEquals(4, history.size());
        assertEquals(MedicationRequest.MedicationRequestStatus.STOPPED, history.get(0).getStatus());
        assertEquals("fever resolved", history.get(0).getStatusReason().getText());
        assertEquals(650, history.get(1).getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity()
                .getValue().intValue());
        assertEquals(Verification.VERIFIED, OrderStore.verificationOf(history.get(2)));
        assertEquals(500, history.get(3).getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity()
                .getValue().intValue());
    }

    @Test
    public void thePharmacistVerifiesRejectsWithAReasonOrQueries() {
        MedicationRequest first = as("dr.grey", () -> pharmacy.orders.order(oral(adult, ACETAMINOPHEN, 500)));
        List<MedicationRequest> queue = as("pharm.lee", () -> pharmacy.orders.search(OrderQuery.queue()));
        assertEquals(1, queue.size());
        String id = first.getIdElement().getIdPart();
        try {
            as("pharm.lee", () -> pharmacy.orders.verify(id, Verification.REJECTED, ""));
            fail("a rejection needs a reason");
        } catch (InvalidInputException e) {
            assertEquals("reason", e.field());
        }
        MedicationRequest rejected = as("pharm.lee", () -> pharmacy.orders.verify(id, Verification.REJECTED, "duplicate of home medication"));
        assertEquals(MedicationRequest.MedicationRequestStatus.CANCELLED, rejected.getStatus());
        assertTrue(as("pharm.lee", () -> pharmacy.orders.search(OrderQuery.queue())).isEmpty());
        try {
            as("dr.grey", () -> pharmacy.orders.verify(id, Verification.VERIFIED, null));
            fail("a physician does not verify");
        } catch (AccessDeniedException e) {
            assertThat(e.getMessage(), containsString("pharmacy:order:verify"));
        }
    }

    @Test
    public void aPhysicianOutsideTheCareOfThePatientCannotOrder() {
        try {
            as("dr.away", () -> pharmacy.orders.order(oral(adult, ACETAMINOPHEN, 500)));
            fail("not in care");
        } catch (AccessDeniedException e) {
            assertTrue(ordersOf(adult).isEmpty());
        }
    }
}
