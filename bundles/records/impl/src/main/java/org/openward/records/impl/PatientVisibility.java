package org.openward.records.impl;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.platform.api.security.BreakGlass;
import org.openward.records.api.PatientField;

/**
 * What the current caller may see of which patients, worked out for one call from their
 * permissions, their care relationships and their break-glass grants (see
 * {@link org.openward.records.api.PatientService} for the permission scheme).
 */
public final class PatientVisibility {

    /** The permission objects, from the widest reach to the narrowest. */
    static final String ANY = "records:patient";
    static final String IN_CARE = "records:patient-in-care";
    static final String OWN = "records:patient-own";
    /** Who the patient is (MRN, names, birth date, sex): the least a reader reads. */
    static final String IDENTITY = "identity";

    /** Refused because the patient is not in the caller's care: 403, and the way out is the glass. */
    public static final class NotInCare extends AccessDeniedException {
        private static final long serialVersionUID = 1L;

        public NotInCare(String permission, String patientId) {
            super(permission, "patient " + patientId + " is not in your care; to open the chart in an emergency,"
                    + " break the glass (POST /api/break-glass with the patient, a reason and your password)");
        }
    }

    private final AccessControl access;
    private final BreakGlass breakGlass;
    private final String username;

    PatientVisibility(AccessControl access, BreakGlass breakGlass) {
        this.access = access;
        this.breakGlass = breakGlass;
        this.username = access.currentCaller().username();
    }

    /** Whether the caller reads patients through this reach at all. */
    boolean reads(String reach) {
        return access.isPermitted(reach + ":read:" + IDENTITY);
    }

    /** Whether the caller reads any patient, in their care or not, or only some. */
    boolean readsSome() {
        return reads(ANY) || reads(IN_CARE) || reads(OWN);
    }

    /**
     * For each of these patients the caller reads, the reaches through which they read it:
     * {@code ANY} when they read every patient, {@code IN_CARE} when the patient is in their care
     * or under their break-glass grant, {@code OWN} for their own record. Patients the caller
     * does not read are missing.
     */
    Map<String, Set<String>> reaches(EntityManager em, Collection<String> patientIds, String ownPatientId) {
        Set<String> inCare = reads(IN_CARE) ? inCareOrGranted(em, patientIds) : Set.of();
        Map<String, Set<String>> reaches = new HashMap<>();
        for (String id : patientIds) {
            Set<String> ways = new HashSet<>();
            if (reads(ANY)) {
                ways.add(ANY);
            }
            if (inCare.contains(id)) {
                ways.add(IN_CARE);
            }
            if (reads(OWN) && id.equals(ownPatientId)) {
                ways.add(OWN);
            }
            if (!ways.isEmpty()) {
                reaches.put(id, ways);
            }
        }
        return reaches;
    }

    /** What the caller may not see of a patient they reach this way (nothing reached: all but identity). */
    Set<PatientField> withheld(Set<String> reaches) {
        Set<PatientField> withheld = EnumSet.noneOf(PatientField.class);
        for (PatientField field : PatientField.values()) {
            if (reaches.stream().noneMatch(reach -> access.isPermitted(reach + ":read:" + field.permissionName()))) {
                withheld.add(field);
            }
        }
        return withheld;
    }

    /** The patient a portal account is linked to (its own record); {@code null} when it is linked to none. */
    public static String portalPatient(EntityManager em, String username) {
        List<?> found = em.createNativeQuery("SELECT patient_id FROM records_portal_link WHERE username = ?1")
                .setParameter(1, username).getResultList();
        return found.isEmpty() ? null : (String) found.get(0);
    }

    /** The patients among these in the user's care now, or under their break-glass grant. */
    public static Set<String> inCareOrGranted(EntityManager em, String username, BreakGlass breakGlass,
            Collection<String> patientIds) {
        Set<String> found = CareRelationshipsImpl.inCare(em, username, patientIds);
        for (String id : patientIds) {
            if (!found.contains(id) && breakGlass.isGranted(id)) {
                found.add(id);
            }
        }
        return found;
    }

    private Set<String> inCareOrGranted(EntityManager em, Collection<String> patientIds) {
        return inCareOrGranted(em, username, breakGlass, patientIds);
    }
}
