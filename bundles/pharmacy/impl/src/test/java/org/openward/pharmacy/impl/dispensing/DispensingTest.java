package org.openward.pharmacy.impl.dispensing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.openward.pharmacy.impl.TestPharmacy;
import org.openward.pharmacy.impl.formulary.Product;
import org.openward.platform.api.error.OpenWardException;
import org.openward.records.api.Patient;
import org.openward.testing.TestDatabase;

/** Dispensing from stock: the product checked against the order, stock taken atomically and never below zero. */
public class DispensingTest {

    private static final String ACETAMINOPHEN = "161";
    private static final String ONDANSETRON = "26225";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final TestDatabase database = new TestDatabase();
    private TestPharmacy pharmacy;
    private Patient patient;
    private Product product;

    @Before
    public void setUp() {
        pharmacy = new TestPharmacy(database, folder.getRoot().toPath());
        patient = pharmacy.admit("Dispenser", LocalDate.of(1980, 8, 8), 75.0);
        product = pharmacy.product(ACETAMINOPHEN);
        pharmacy.stock("pharmacy", product, 20);
    }

    @After
    public void close() {
        database.close();
    }

    private MedicationRequest order() {
        return TestPharmacy.order(patient.id(), ACETAMINOPHEN, product.strength(),
                pharmacy.formulary.drug(ACETAMINOPHEN).orElseThrow().doseUnit(), product.route(), 1, 6, "h");
    }

    private int stock() {
        return pharmacy.as("pharm.lee", () -> pharmacy.dispensing.stock("pharmacy")).stream()
                .filter(s -> s.gtin().equals(product.gtin())).mapToInt(s -> s.quantity()).sum();
    }

    private String dispense(String orderId, String barcode, int units) {
        try {
            pharmacy.as("pharm.lee", () -> pharmacy.dispensing.dispense(orderId, barcode, "pharmacy", units));
            return "ok";
        } catch (OpenWardException e) {
            return e.code();
        }
    }

    @Test
    public void aVerifiedOrderIsDispensedFromTheScannedLot() {
        String id = pharmacy.orderedAndVerified(order()).getIdElement().getIdPart();
        MedicationDispense dispense = pharmacy.as("pharm.lee",
                () -> pharmacy.dispensing.dispense(id, TestPharmacy.barcode(product), "pharmacy", 4));
        assertEquals(16, stock());
        assertEquals("MedicationRequest/" + id, dispense.getAuthorizingPrescriptionFirstRep().getReference());
        assertEquals(1, pharmacy.as("dr.grey", () -> pharmacy.dispensing.forOrder(id)).size());
    }

    @Test
    public void nothingIsDispensedUnverifiedOrForTheWrongProductOrBeyondTheStock() {
        String id = pharmacy.as("dr.grey", () -> pharmacy.orders.order(order())).getIdElement().getIdPart();
        assertEquals("OW-1539", dispense(id, TestPharmacy.barcode(product), 1));
        pharmacy.as("pharm.lee", () -> pharmacy.orders.verify(id, org.openward.pharmacy.api.Verification.VERIFIED, null));
        assertEquals("OW-1525", dispense(id, TestPharmacy.barcode(pharmacy.product(ONDANSETRON)), 1));
        assertEquals("OW-1527", dispense(id, TestPharmacy.barcode(product), 21));
        assertEquals("OW-1526", dispense(id, TestPharmacy.barcode(product, LocalDate.of(2026, 1, 31), "OLD"), 1));
        assertEquals("OW-1520", dispense(id, "not a barcode", 1));
        assertEquals(20, stock());
    }

    @Test
    public void concurrentDispensesNeverTakeStockBelowZero() throws Exception {
        String id = pharmacy.orderedAndVerified(order()).getIdElement().getIdPart();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Callable<String> call = () -> dispense(id, TestPharmacy.barcode(product), 3);
            results.add(threads.submit(call));
        }
        int ok = 0;
        for (Future<String> result : results) {
            String outcome = result.get();
            if ("ok".equals(outcome)) {
                ok++;
            } else if (!"OW-1527".equals(outcome)) {
                fail("unexpected outcome " + outcome);
            }
        }
        threads.shutdown();
        assertEquals(6, ok);
        assertEquals(2, stock());
    }
}
