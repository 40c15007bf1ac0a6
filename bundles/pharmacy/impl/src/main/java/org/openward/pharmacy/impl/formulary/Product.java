package org.openward.pharmacy.impl.formulary;

import java.util.Objects;

/**
 * A product: what is on the shelf and carries a barcode.
 *
 * @param gtin     the GS1 GTIN-14 (14 digits with a valid check digit)
 * @param ndc10    the 10-digit NDC without hyphens, or {@code null}; for an NDC-based GTIN it is
 *                 {@code gtin.substring(3, 13)}
 * @param rxnorm   the formulary drug it is
 * @param name     for example {@code amoxicillin 500 mg capsule}
 * @param strength the drug amount in one unit, in the drug's dose unit
 * @param unit     what one unit is: capsule, tablet, vial, ampoule, prefilled syringe, actuation…
 * @param route    the SNOMED CT route it is given by
 */
public record Product(String gtin, String ndc10, String rxnorm, String name, double strength, String unit,
        String route) {

    public Product {
        Objects.requireNonNull(gtin, "gtin");
        Objects.requireNonNull(rxnorm, "rxnorm");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(route, "route");
    }

    /** Whether the text is 14 digits ending in a valid GS1 check digit. */
    static boolean isValidGtin14(String gtin) {
        if (gtin == null || !gtin.matches("\\d{14}")) {
            return false;
        }
        return gs1CheckDigit(gtin.substring(0, 13)) == gtin.charAt(13) - '0';
    }

    /** The GS1 check digit of the digits before it (GTIN, GLN, SSCC: weights 3 and 1 from the right). */
    static int gs1CheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalArgumentException("not a digit in " + digits);
            }
            sum += digit * (i % 2 == 0 ? 3 : 1);
        }
        return (10 - sum % 10) % 10;
    }
}
