package org.openward.records.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A patient's demographics.
 *
 * @param id the patient's id, assigned at registration and never changed
 * @param version 1 at registration, one more at each update
 * @param lastUpdated when this version was stored
 * @param mrn the medical record number: given at registration, or assigned then when absent
 * @param identifiers identifiers other than the MRN (national, insurance, ...)
 */
public record Patient(
        String id,
        int version,
        Instant lastUpdated,
        String mrn,
        boolean active,
        List<PersonName> names,
        LocalDate birthDate,
        AdministrativeGender gender,
        List<Identifier> identifiers,
        List<ContactPoint> telecom,
        List<Address> addresses) {

    public Patient {
        names = names == null ? List.of() : List.copyOf(names);
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        telecom = telecom == null ? List.of() : List.copyOf(telecom);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    /** A patient to register: no id or version yet; the MRN may be null to have one assigned. */
    public static Patient toRegister(String mrn, List<PersonName> names, LocalDate birthDate,
            AdministrativeGender gender, List<Identifier> identifiers, List<ContactPoint> telecom,
            List<Address> addresses) {
        return new Patient(null, 0, null, mrn, true, names, birthDate, gender, identifiers, telecom, addresses);
    }
}
