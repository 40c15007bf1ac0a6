package org.openward.records.api;

import java.util.Locale;

/** Administrative sex, as FHIR's AdministrativeGender value set defines it. */
public enum AdministrativeGender {
    MALE, FEMALE, OTHER, UNKNOWN;

    /** The FHIR code: {@code male}, {@code female}, {@code other}, {@code unknown}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value for a FHIR code, or {@code null} when the code is not one of the four. */
    public static AdministrativeGender fromCode(String code) {
        for (AdministrativeGender gender : values()) {
            if (gender.code().equals(code)) {
                return gender;
            }
        }
        return null;
    }
}
