package org.openward.records.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registers, reads, updates and finds patients. Every call needs its permission and is
 * audited, refusals and failures included.
 *
 * <p>Whose record a caller reads depends on the permission's object: {@code patient} (any
 * patient), {@code patient-in-care} (patients in the caller's care, see {@link CareRelationships},
 * or under a break-glass grant) or {@code patient-own} (the portal account's own record). Which
 * parts they read is a fourth part, one per {@link PatientField}: {@code records:patient:read}
 * reads everything, {@code records:patient:read:contact} identity and contact details only.
 * A search finds any patient for whoever may search, showing who they are and of the rest
 * what the caller may read of that patient.
 */
@ProviderType
public interface PatientService {

    String PERMISSION_CREATE = "records:patient:create";
    String PERMISSION_READ = "records:patient:read";
    String PERMISSION_UPDATE = "records:patient:update";
    String PERMISSION_SEARCH = "records:patient:search";
    /** Read the chart of a patient in the caller's care (clinicians). */
    String PERMISSION_READ_IN_CARE = "records:patient-in-care:read";
    /** Update the demographics of a patient in the caller's care. */
    String PERMISSION_UPDATE_IN_CARE = "records:patient-in-care:update";
    /**
     * Held by patients using the portal: read their own record. Any other patient answers as
     * if it did not exist (not found), so that a patient learns nothing of others.
     */
    String PERMISSION_READ_OWN = "records:patient-own:read";
    /** Held by patients using the portal: searches find their own record only. */
    String PERMISSION_SEARCH_OWN = "records:patient-own:search";
    /** Links a portal account to the patient it belongs to. */
    String PERMISSION_LINK_PORTAL = "records:portal:link";

    /** The identifier system of medical record numbers at this site. */
    String mrnSystem();

    /**
     * Registers a patient. The id and version of the argument are ignored; a null MRN gets one
     * assigned.
     *
     * @return the patient as stored, version 1
     * @throws org.openward.platform.api.error.InvalidInputException naming the bad field
     * @throws org.openward.platform.api.error.ConflictException when the MRN is taken
     */
    Patient register(Patient patient);

    /**
     * The current version of a patient.
     *
     * @throws org.openward.platform.api.error.NotFoundException when there is no such patient
     */
    Patient get(String id);

    /**
     * Replaces a patient's demographics. The MRN cannot change (a different MRN is refused).
     *
     * @return the patient as stored, with the next version
     */
    Patient update(String id, Patient patient);

    PatientPage search(PatientQuery query);

    /**
     * Makes a portal account the given patient's: from then on it reads and finds that record
     * only. Replaces an earlier link of the same account. Audited.
     *
     * @throws org.openward.platform.api.error.NotFoundException when there is no such patient
     */
    void linkPortalAccount(String username, String patientId);
}
