package org.openward.pharmacy.api;

import java.time.Instant;

/**
 * One line of the eMAR: a dose of an order at its scheduled time (or, for an as-needed order,
 * the order itself, with {@code scheduled} null).
 *
 * @param administrationId the MedicationAdministration recorded for it, or {@code null}
 */
public record EmarSlot(String orderId, String medication, String dose, String route, Instant scheduled,
        SlotStatus status, String administrationId, boolean highAlert) {
}
