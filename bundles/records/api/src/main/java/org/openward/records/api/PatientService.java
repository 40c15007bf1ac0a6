package org.openward.records.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registers, reads, updates and finds patients. Every call needs its permission and is
 * audited, refusals and failures included.
 */
@ProviderType
public interface PatientService {

    String PERMISSION_CREATE = "records:patient:create";
    String PERMISSION_READ = "records:patient:read";
    String PERMISSION_UPDATE = "records:patient:update";
    String PERMISSION_SEARCH = "records:patient:search";

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
}
