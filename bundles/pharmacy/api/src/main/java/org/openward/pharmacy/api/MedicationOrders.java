package org.openward.pharmacy.api;

import java.util.List;

import org.hl7.fhir.r4.model.MedicationRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Medication orders (FHIR MedicationRequest) with the safety checks run at order time, and the
 * pharmacist's verification. An order is never deleted: a discontinued or modified order keeps
 * every version.
 *
 * <p>An order names the drug by an RxNorm code of the formulary, the dose
 * ({@code dosageInstruction[0].doseAndRate[0].doseQuantity}), the route (SNOMED CT), the
 * frequency ({@code timing.repeat} frequency and period in hours or days, or {@code asNeeded}
 * with its reason), the start and optional stop ({@code timing.repeat.boundsPeriod}) or a
 * duration ({@code dispenseRequest.expectedSupplyDuration}). The prescriber is the caller.
 */
@ProviderType
public interface MedicationOrders {

    /**
     * An override of one alert, on the MedicationRequest: a complex extension with
     * {@code alert} (valueString, the alert's key) and {@code reason} (valueString).
     */
    String OVERRIDE_EXTENSION = "https://openward.org/fhir/StructureDefinition/alert-override";

    /**
     * The pharmacist's verification, on the MedicationRequest (set by the service): a complex
     * extension with {@code status} (valueCode, {@link Verification#code()}), {@code by}
     * (valueString), {@code at} (valueDateTime) and {@code reason} (valueString).
     */
    String VERIFICATION_EXTENSION = "https://openward.org/fhir/StructureDefinition/verification";

    /** On a MedicationRequest of a high-alert drug (valueBoolean true): administration needs a second person's check. */
    String HIGH_ALERT_EXTENSION = "https://openward.org/fhir/StructureDefinition/high-alert";

    /**
     * Runs the safety checks on a proposed order without storing it. Every alert returned is
     * audited as shown.
     *
     * @throws org.openward.platform.api.error.InvalidInputException naming the field of a malformed order
     */
    List<Alert> check(MedicationRequest proposed);

    /**
     * Places an order: the checks run again; each high-severity alert must be overridden with a
     * reason ({@link #OVERRIDE_EXTENSION}), otherwise nothing is stored. The stored order carries
     * each alert as a contained DetectedIssue (with its override as the mitigation) and waits for
     * verification.
     *
     * @throws org.openward.platform.api.error.ConflictException (OW-1510) listing the alerts not overridden
     */
    MedicationRequest order(MedicationRequest order);

    /**
     * Changes an order (dose, frequency, stop, …): a new version, checked again, back in the
     * verification queue. The drug and the patient cannot change (discontinue and order anew).
     */
    MedicationRequest modify(String id, MedicationRequest changed);

    /** Stops an order, with a reason: a new version with status {@code stopped}. */
    MedicationRequest discontinue(String id, String reason);

    /** The pharmacist's decision; rejecting or querying needs a reason. */
    MedicationRequest verify(String id, Verification decision, String reason);

    MedicationRequest read(String id);

    MedicationRequest readVersion(String id, int version);

    /** Every version, the newest first. */
    List<MedicationRequest> history(String id);

    /** Orders, the newest first; at most 500. */
    List<MedicationRequest> search(OrderQuery query);
}
