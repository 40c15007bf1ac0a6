package org.openward.pharmacy.api;

import java.util.List;

import org.hl7.fhir.r4.model.MedicationDispense;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Dispensing verified orders from stock (FHIR MedicationDispense), and the stock itself. Stock
 * is counted per location, product and lot; a dispense takes from it atomically and stock never
 * goes below zero.
 */
@ProviderType
public interface Dispensing {

    /**
     * Dispenses units of an order: the product barcode scanned at the counter (GS1 with GTIN,
     * lot and expiry, or an NDC) must be the ordered drug, its lot in stock at the location and
     * not expired; the order must be verified and active.
     *
     * @throws org.openward.platform.api.error.InvalidInputException (field {@code barcode}) for an unreadable barcode
     * @throws org.openward.platform.api.error.ConflictException when the product is not the ordered drug, expired, or short
     */
    MedicationDispense dispense(String orderId, String barcode, String location, int quantity);

    MedicationDispense read(String id);

    /** An order's dispenses, the newest first. */
    List<MedicationDispense> forOrder(String orderId);

    /** Stock at one location, or everywhere ({@code null}), by location and product. */
    List<StockLevel> stock(String location);

    /**
     * Receives units into stock from a GS1 barcode (GTIN, lot and expiry) of a formulary product.
     *
     * @return the lot's new level
     */
    StockLevel receive(String location, String barcode, int quantity);
}
