package org.openward.pharmacy.impl.administration;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditRecord;
import org.openward.pharmacy.api.Alert;
import org.openward.pharmacy.api.EmarSlot;
import org.openward.pharmacy.api.Scan;
import org.openward.pharmacy.api.SlotStatus;
import org.openward.pharmacy.impl.TestPharmacy;
import org.openward.pharmacy.impl.formulary.FormularyDrug;
import org.openward.pharmacy.impl.formulary.Product;
import org.openward.platform.api.error.OpenWardException;
import org.openward.records.api.Patient;
import org.openward.testing.TestDatabase;

/**
 * The classic failures of barcode medication administration, one scenario each: the nurse
 * scans, the dose is stopped with the code that names the failed check, nothing is recorded,
 * and the stop is on the audit trail. Then the ones a reason may override, and the dose given.
 */
public class BarcodeAdministrationTest {

    private static final String ACETAMINOPHEN = "161";
    private static final String ONDANSETRON = "26225";
    private static final String AMOXICILLIN = "723";
    private static final String HEPARIN = "5224";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private TestPharmacy pharmacy;
    private Patient patient;
    private Patient neighbour;

    @Before
    public void setUp() {
        pharmacy = new TestPharmacy(database, folder.getRoot().toPath());
        patient = pharmacy.admit("Scanwell", LocalDate.of(1970, 1, 1), 70.0);
        neighbour = pharmacy.admit("Bedside", LocalDate.of(1971, 2, 2), 80.0);
    }

    @After
    public void close() {
        database.close();
    }

    /** An order of one unit of the drug's first product every six hours from now, verified. */
    private MedicationRequest verifiedOrder(Patient who, String rxnorm) {
        Product product = pharmacy.product(rxnorm);
        FormularyDrug drug = pharmacy.formulary.drug(rxnorm).orElseThrow();
        return pharmacy.orderedAndVerified(TestPharmacy.order(who.id(), rxnorm, product.strength(), drug.doseUnit(),
                product.route(), 1, 6, "h"));
    }

    private MedicationAdministration scan(Patient emarOf, String wristband, String barcode, int units) {
        return scan(emarOf, wristband, barcode, units, null, null);
    }

    private MedicationAdministration scan(Patient emarOf, String wristband, String barcode, int units, Scan.Witness witness,
            String overrideReason) {
        return pharmacy.as("nurse.joy", () -> pharmacy.administrations.administer(
                new Scan(emarOf.id(), wristband, barcode, units, null, witness, overrideReason)));
    }

    /** Runs a scan that must stop with the code; checks nothing was given and that the stop is audited. */
    private void assertStopped(String code, Supplier<?> scan) {
        List<EmarSlot> before = emar(patient);
        try {
            scan.get();
            fail("expected the stop " + code);
        } catch (OpenWardException e) {
            assertEquals(e.getMessage(), code, e.code());
        }
        assertEquals("nothing is recorded", before, emar(patient));
        AuditRecord stop = pharmacy.trail(patient.id()).stream()
                .filter(r -> r.action() == AuditAction.CREATE && "MedicationAdministration".equals(r.resourceType()))
                .findFirst().orElseThrow(() -> new AssertionError("the stop is not audited"));
        assertEquals(AuditOutcome.FAILURE, stop.outcome());
        assertThat(stop.detail(), startsWith(code));
        assertEquals("nurse.joy", stop.actor());
    }

    private List<EmarSlot> emar(Patient who) {
        Instant now = pharmacy.records.platform.clock.instant();
        return pharmacy.as("nurse.joy", () -> pharmacy.administrations.emar(who.id(), now.minus(Duration.ofHours(8)),
                now.plus(Duration.ofHours(8))));
    }

    private List<String> details() {
        return pharmacy.trail(patient.id()).stream().map(AuditRecord::detail).toList();
    }

    private void advance(Duration duration) {
        pharmacy.records.platform.clock.advance(duration);
    }

    @Test
    public void theRightDoseOfTheRightDrugIsGivenAndShowsOnTheEmar() {
        MedicationRequest order = verifiedOrder(patient, ACETAMINOPHEN);
        assertEquals(SlotStatus.DUE, emar(patient).get(0).status());

        MedicationAdministration given = scan(patient, patient.mrn(), TestPharmacy.barcode(pharmacy.product(ACETAMINOPHEN)), 1);

        assertEquals(MedicationAdministration.MedicationAdministrationStatus.COMPLETED, given.getStatus());
        assertEquals("MedicationRequest/" + order.getIdElement().getIdPart(), given.getRequest().getReference());
        EmarSlot slot = emar(patient).get(0);
        assertEquals(SlotStatus.GIVEN, slot.status());
        assertEquals(given.getIdElement().getIdPart(), slot.administrationId());
        assertThat(details(), hasItem(containsString("five rights checked")));
    }

    @Test
    public void wrongPatientIsStoppedBeforeAnythingElse() {
        verifiedOrder(patient, ACETAMINOPHEN);
        assertStopped("OW-1531", () -> scan(patient, neighbour.mrn(), TestPharmacy.barcode(pharmacy.product(ACETAMINOPHEN)), 1));
    }

    @Test
    public void wrongDrugIsStopped() {
        verifiedOrder(patient, ACETAMINOPHEN);
        assertStopped("OW-1532", () -> scan(patient, patient.mrn(), TestPharmacy.barcode(pharmacy.product(ONDANSETRON)), 1));
    }

    @Test
    public void wrongDoseIsStopped() {
        verifiedOrder(patient, ACETAMINOPHEN);
        assertStopped("OW-1533", () -> scan(patient, patient.mrn(), TestPharmacy.barcode(pharmacy.product(ACETAMINOPHEN)), 2));
    }

    @Test
    public void wrongRouteIsStopped() {
        // a drug the formulary stocks for two routes: ordered by one, the other scanned
        FormularyDrug drug = pharmacy.formulary.drugs().stream()
                .filter(d -> pharmacy.formulary.products(d.rxnorm()).stream().map(Product::route).distinct().count() > 1)
                .filter(d -> !pharmacy.settings.isHighAlert(d))
                .findFirst().orElseThrow(() -> new AssertionError("the formulary has no drug with products for two routes"));
        List<Product> products = pharmacy.formulary.products(drug.rxnorm());
        Product ordered = products.get(0);
        Product other = products.stream().filter(p -> !p.route().equals(ordered.route())).findFirst().orElseThrow();
        pharmacy.orderedAndVerified(TestPharmacy.order(patient.id(), drug.rxnorm(), ordered.strength(), drug.doseUnit(),
                ordered.route(), 1, 6, "h"));
        assertStopped("OW-1534", () -> scan(patient, patient.mrn(), TestPharmacy.barcode(other),
                (int) Math.max(1, Math.round(ordered.strength() / other.strength()))));
    }

    @Test
    public void tooEarlyIsStoppedAndMayBeOverriddenWithAReason() {
        verifiedOrder(patient, ACETAMINOPHEN);
        String barcode = TestPharmacy.barcode(pharmacy.product(ACETAMINOPHEN));
        scan(patient, patient.mrn(), barcode, 1);
        advance(Duration.ofHours(3));

        assertStopped("OW-1535", () -> scan(patient, patient.mrn(), barcode, 1));

        MedicationAdministration given = scan(patient, patient.mrn(), barcode, 1, null, "patient leaving for theatre");
        assertThat(given.getNoteFirstRep().getText(), containsString("patient leaving for theatre"));
        assertThat(details(), hasItem(containsString("stop overridden: OW-1535 too early")));
    }

    @Test
    public void tooLateIsStopped() {
        verifiedOrder(patient, ACETAMINOPHEN);
        advance(Duration.ofHours(2));
        assertEquals(SlotStatus.OVERDUE, emar(patient).get(0).status());
        assertStopped("OW-1535", () -> scan(patient, patient.mrn(), TestPharmacy.barcode(pharmacy.product(ACETAMINOPHEN)), 1));
    }

    @Test
    public void aDoseAlreadyGivenIsNotGivenTwice() {
        verifiedOrder(patient, ACETAMINOPHEN);
        String barcode = TestPharmacy.barcode(pharmacy.product(ACETAMINOPHEN));
        scan(patient, patient.mrn(), barcode, 1);
        advance(Duration.ofMinutes(10));
        assertStopped("OW-1537", () -> scan(patient, patient.mrn(), barcode, 1));
    }

    @Test
    public void anExpiredProductIsStopped() {
        verifiedOrder(patient, ACETAMINOPHEN);
        String expired = TestPharmacy.barcode(pharmacy.product(ACETAMINOPHEN), LocalDate.of(2026, 2, 1), "OLD1");
        assertStopped("OW-1536", () -> scan(patient, patient.mrn(), expired, 1));
    }

    @Test
    public void aDiscontinuedOrderIsStopped() {
        MedicationRequest order = verifiedOrder(patient, ACETAMINOPHEN);
        pharmacy.as("dr.grey", () -> pharmacy.orders.discontinue(order.getIdElement().getIdPart(), "switched to oral route"));
        assertStopped("OW-1538", () -> scan(patient, patient.mrn(), TestPharmacy.barcode(pharmacy.product(ACETAMINOPHEN)), 1));
    }

    @Test
    public void anUnverifiedOrderIsStopped() {
        Product product = pharmacy.product(ACETAMINOPHEN);
        pharmacy.as("dr.grey", () -> pharmacy.orders.order(TestPharmacy.order(patient.id(), ACETAMINOPHEN, product.strength(),
                pharmacy.formulary.drug(ACETAMINOPHEN).orElseThrow().doseUnit(), product.route(), 1, 6, "h")));
        try {
            scan(patient, patient.mrn(), TestPharmacy.barcode(product), 1);
            fail("an unverified order must stop");
        } catch (OpenWardException e) {
            assertEquals("OW-1539", e.code());
        }
    }

    @Test
    public void anUnreadableBarcodeIsRefusedByField() {
        verifiedOrder(patient, ACETAMINOPHEN);
        assertStopped("OW-1520", () -> scan(patient, patient.mrn(), "(01)0031234", 1));
        assertStopped("OW-1521", () -> scan(patient, "MRN: two words", TestPharmacy.barcode(pharmacy.product(ACETAMINOPHEN)), 1));
    }

    @Test
    public void anAllergyStopsTheDoseUnlessOverriddenWithAReason() {
        pharmacy.allergy(patient.id(), "7980", "penicillin G", true);
        Product product = pharmacy.product(AMOXICILLIN);
        MedicationRequest order = TestPharmacy.order(patient.id(), AMOXICILLIN, product.strength(),
                pharmacy.formulary.drug(AMOXICILLIN).orElseThrow().doseUnit(), product.route(), 1, 8, "h");
        for (Alert alert : pharmacy.as("dr.grey", () -> pharmacy.orders.check(order))) {
            if (alert.severity() == org.openward.pharmacy.spi.Severity.HIGH) {
                TestPharmacy.override(order, alert.key(), "tolerated amoxicillin in 2024 without reaction");
            }
        }
        pharmacy.orderedAndVerified(order);

        assertStopped("OW-1542", () -> scan(patient, patient.mrn(), TestPharmacy.barcode(product), 1));

        MedicationAdministration given = scan(patient, patient.mrn(), TestPharmacy.barcode(product), 1, null,
                "prescriber confirmed; observed 30 min");
        assertNotNull(given.getId());
    }

    @Test
    public void aHighAlertDrugNeedsAnIndependentSecondCheck() {
        verifiedOrder(patient, HEPARIN);
        String barcode = TestPharmacy.barcode(pharmacy.product(HEPARIN));
        assertTrue(pharmacy.settings.isHighAlert(pharmacy.formulary.drug(HEPARIN).orElseThrow()));

        assertStopped("OW-1543", () -> scan(patient, patient.mrn(), barcode, 1));
        assertStopped("OW-0151", () -> scan(patient, patient.mrn(), barcode, 1,
                new Scan.Witness("nurse.joy", "nurse.joy-password", null), null));
        assertStopped("OW-0152", () -> scan(patient, patient.mrn(), barcode, 1,
                new Scan.Witness("nurse.kim", "not-her-password", null), null));

        MedicationAdministration given = scan(patient, patient.mrn(), barcode, 1,
                new Scan.Witness("nurse.kim", "nurse.kim-password", null), null);
        assertEquals("nurse.kim", given.getPerformer().get(1).getActor().getDisplay());
        assertThat(details(), hasItem(containsString("double-checked by nurse.kim")));
    }

    @Test
    public void aHeldDoseIsDocumentedWithItsReason() {
        verifiedOrder(patient, ACETAMINOPHEN);
        EmarSlot due = emar(patient).get(0);
        MedicationAdministration held = pharmacy.as("nurse.joy", () -> pharmacy.administrations.notGiven(due.orderId(),
                due.scheduled(), SlotStatus.HELD, "nil by mouth before surgery"));
        assertEquals(MedicationAdministration.MedicationAdministrationStatus.NOTDONE, held.getStatus());
        assertEquals(SlotStatus.HELD, emar(patient).get(0).status());
        assertStopped("OW-1537", () -> scan(patient, patient.mrn(), TestPharmacy.barcode(pharmacy.product(ACETAMINOPHEN)), 1));
    }
}
