package org.openward.records.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who is in whose care. A clinician is in a patient's care while they are on the patient's care
 * team, or assigned to the ward the patient is staying on. Clinicians read and update the charts
 * of patients in their care; for anyone else they break the glass.
 */
@ProviderType
public interface CareRelationships {

    /** May put staff on care teams, admit patients to wards and assign staff to wards. */
    String PERMISSION_ASSIGN = "records:care:assign";

    /** Puts a user on the patient's care team; nothing changes if they already are. */
    void joinCareTeam(String patientId, String username);

    /** Takes a user off the patient's care team. */
    void leaveCareTeam(String patientId, String username);

    /** Records that the patient now stays on this ward, ending any earlier stay. */
    void admitToWard(String patientId, String ward);

    /** Ends the patient's current ward stay. */
    void discharge(String patientId);

    /** Assigns a user to a ward: they care for every patient staying there. */
    void assignToWard(String username, String ward);

    /** Ends a user's assignment to a ward. */
    void unassignFromWard(String username, String ward);

    /** Whether the current caller has a care relationship with the patient (break-glass aside). */
    boolean inCare(String patientId);
}
