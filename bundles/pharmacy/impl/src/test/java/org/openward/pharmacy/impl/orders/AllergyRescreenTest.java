package org.openward.pharmacy.impl.orders;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openward.audit.api.AuditRecord;
import org.openward.pharmacy.api.Verification;
import org.openward.pharmacy.impl.TestPharmacy;
import org.openward.platform.impl.events.EventDispatcher;
import org.openward.records.api.Patient;
import org.openward.testing.TestDatabase;

/**
 * An allergy recorded in the chart after an order was verified sends the order back to the
 * pharmacist, through the records module's allergy-recorded event and the outbox.
 */
public class AllergyRescreenTest {

    private static final String AMOXICILLIN = "723";
    private static final String ACETAMINOPHEN = "161";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private TestPharmacy pharmacy;
    private EventDispatcher delivery;
    private Patient patient;

    @Before
    public void setUp() {
        pharmacy = new TestPharmacy(database, folder.getRoot().toPath());
        delivery = pharmacy.records.platform.eventDelivery;
        delivery.addConsumer(new AllergyRescreen(pharmacy.orders));
        patient = pharmacy.admit("Rescreen", LocalDate.of(1958, 5, 17), 70.0);
    }

    @After
    public void close() {
        database.close();
    }

    private MedicationRequest oral(String rxnorm, double dose) {
        String unit = pharmacy.formulary.drug(rxnorm).orElseThrow().doseUnit();
        return TestPharmacy.order(patient.id(), rxnorm, dose, unit, TestPharmacy.ORAL, 3, 1, "d");
    }

    @Test
    public void aPenicillinAllergyRecordedLaterSendsTheVerifiedAmoxicillinOrderBackToThePharmacist() {
        MedicationRequest amoxicillin = pharmacy.orderedAndVerified(oral(AMOXICILLIN, 500));
        MedicationRequest paracetamol = pharmacy.orderedAndVerified(oral(ACETAMINOPHEN, 500));

        pharmacy.allergy(patient.id(), "7980", "penicillin G", true);
        drain();

        MedicationRequest screened = read(amoxicillin);
        assertEquals(Verification.PENDING, OrderStore.verificationOf(screened));
        DetectedIssue issue = screened.getContained().stream().filter(DetectedIssue.class::isInstance)
                .map(DetectedIssue.class::cast).filter(i -> i.getStatus() == DetectedIssue.DetectedIssueStatus.PRELIMINARY)
                .findFirst().orElseThrow();
        assertTrue(issue.getIdentifierFirstRep().getValue(), issue.getIdentifierFirstRep().getValue().startsWith("drug-allergy:"));
        assertEquals("another drug stays verified", Verification.VERIFIED, OrderStore.verificationOf(read(paracetamol)));

        List<AuditRecord> trail = pharmacy.trail(patient.id());
        assertTrue(trail.stream().anyMatch(r -> r.actor().equals("system:events:pharmacy.allergy-rescreen")
                && r.detail() != null && r.detail().startsWith("back to verification")));
        EventDispatcher.Cursor cursor = delivery.cursors().stream()
                .filter(c -> c.consumer().equals("pharmacy.allergy-rescreen")).findFirst().orElseThrow();
        assertEquals(1, cursor.processed());
        assertEquals(0, cursor.backlog());
    }

    @Test
    public void theSameAllergySeenAgainAfterTheOrderWasVerifiedAgainChangesNothing() {
        MedicationRequest amoxicillin = pharmacy.orderedAndVerified(oral(AMOXICILLIN, 500));
        pharmacy.allergy(patient.id(), "7980", "penicillin G", true);
        drain();
        String key = read(amoxicillin).getContained().stream().filter(DetectedIssue.class::isInstance)
                .map(r -> ((DetectedIssue) r).getIdentifierFirstRep().getValue()).filter(k -> k.startsWith("drug-allergy:"))
                .findFirst().orElseThrow();
        pharmacy.as("pharm.lee", () -> pharmacy.orders.verify(amoxicillin.getIdElement().getIdPart(),
                Verification.VERIFIED, "tolerated amoxicillin since"));
        String version = read(amoxicillin).getMeta().getVersionId();

        // the event delivered once more (a redelivery after a crash between the work and the cursor)
        int flagged = pharmacy.records.platform.security.callAsSystem("test",
                () -> pharmacy.orders.rescreen(patient.id(), key.substring("drug-allergy:".length())));

        assertEquals(0, flagged);
        MedicationRequest after = read(amoxicillin);
        assertEquals(Verification.VERIFIED, OrderStore.verificationOf(after));
        assertEquals(version, after.getMeta().getVersionId());
    }

    private MedicationRequest read(MedicationRequest order) {
        return pharmacy.as("dr.grey", () -> pharmacy.orders.read(order.getIdElement().getIdPart()));
    }

    private void drain() {
        for (int round = 0; round < 20 && delivery.deliverAll(); round++) {
            // until a round finds nothing to do
        }
    }
}
