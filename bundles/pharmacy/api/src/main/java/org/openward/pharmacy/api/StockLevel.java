package org.openward.pharmacy.api;

import java.time.LocalDate;

/**
 * How much of one lot of one product a location holds.
 *
 * @param location where, for example {@code pharmacy} or {@code ward-4-west}
 * @param gtin     the product's GS1 GTIN (14 digits)
 * @param product  the product's name, for example {@code amoxicillin 500 mg capsule}
 * @param rxnorm   the drug the product is (the formulary's RxNorm code)
 */
public record StockLevel(String location, String gtin, String product, String rxnorm, String lot, LocalDate expiry,
        int quantity) {
}
