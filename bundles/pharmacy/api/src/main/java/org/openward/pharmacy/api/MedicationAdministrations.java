package org.openward.pharmacy.api;

import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.MedicationAdministration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Barcode medication administration and the eMAR. Each outcome is a FHIR
 * MedicationAdministration: {@code completed} for a dose given, {@code not-done} with the reason
 * for one held or refused. A stop (one of the five rights failed, a hard stop not overridden)
 * records nothing but the audit entry, and the caller is told which right failed.
 */
@ProviderType
public interface MedicationAdministrations {

    /**
     * Gives a dose after checking the five rights: the wristband is the patient's, the product
     * is the ordered drug, the units make the ordered dose, the product's route is the ordered
     * route, and the time is inside the window around a due dose. Expired product, a dose
     * already given, an allergy and a discontinued or unverified order stop it too; a high-alert
     * drug needs a {@link Scan.Witness}.
     *
     * @throws org.openward.platform.api.error.InvalidInputException for an unreadable barcode (field {@code barcode} or {@code wristband})
     * @throws org.openward.platform.api.error.ConflictException for a stop, its code naming the check
     */
    MedicationAdministration administer(Scan scan);

    /**
     * Documents a scheduled dose not given: {@link SlotStatus#HELD} or {@link SlotStatus#REFUSED}, with a reason.
     */
    MedicationAdministration notGiven(String orderId, Instant scheduled, SlotStatus why, String reason);

    MedicationAdministration read(String id);

    /** The eMAR of one patient for a span of time (a shift), ordered by scheduled time. */
    List<EmarSlot> emar(String patientId, Instant from, Instant to);
}
