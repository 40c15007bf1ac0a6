package org.openward.pharmacy.api;

/**
 * What the nurse scanned at the bedside, to give a dose.
 *
 * @param patientId      the patient whose eMAR is open
 * @param wristband      the patient's wristband barcode as scanned (their MRN)
 * @param barcode        the medication's barcode as scanned (GS1 DataMatrix or GS1-128 with
 *                       GTIN, lot and expiry; or an NDC linear barcode)
 * @param units          how many units of the product are being given (tablets, vials…), at least 1
 * @param orderId        the order given against, or {@code null} to match the scanned drug to the patient's orders
 * @param witness        the second person's check, for high-alert drugs; otherwise {@code null}
 * @param overrideReason why a stop that may be overridden (a dose outside its time window, an allergy)
 *                       is overridden; otherwise {@code null}. Every other stop is final.
 */
public record Scan(String patientId, String wristband, String barcode, int units, String orderId, Witness witness,
        String overrideReason) {

    /** A second nurse or pharmacist confirming a high-alert dose with their own credentials. */
    public record Witness(String username, String password, String code) {

        @Override
        public String toString() {
            return "Witness[" + username + "]";
        }
    }
}
