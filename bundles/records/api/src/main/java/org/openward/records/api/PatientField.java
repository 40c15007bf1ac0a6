package org.openward.records.api;

import java.util.Locale;

/**
 * Parts of a patient's record that a caller may be allowed to see or not, beyond who the patient
 * is. Permissions name them in lower case: {@code records:patient:read:contact}.
 */
public enum PatientField {
    /** Telephone, e-mail and addresses. */
    CONTACT,
    /** The human-readable narrative of the record; like clinical notes, never shown to billing. */
    NARRATIVE;

    /** The part's name in permissions. */
    public String permissionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
