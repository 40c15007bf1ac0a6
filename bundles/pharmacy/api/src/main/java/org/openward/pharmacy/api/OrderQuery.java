package org.openward.pharmacy.api;

/**
 * Which orders to list.
 *
 * @param patientId    one patient's orders, or {@code null} for every patient (the pharmacist's queue)
 * @param verification only orders in this state, or {@code null}
 * @param activeOnly   leave out discontinued, cancelled and completed orders
 */
public record OrderQuery(String patientId, Verification verification, boolean activeOnly) {

    /** The pharmacist's verification queue. */
    public static OrderQuery queue() {
        return new OrderQuery(null, Verification.PENDING, true);
    }

    /** A patient's current orders. */
    public static OrderQuery activeFor(String patientId) {
        return new OrderQuery(patientId, null, true);
    }
}
