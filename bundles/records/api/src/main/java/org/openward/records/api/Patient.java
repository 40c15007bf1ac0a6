package org.openward.records.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A patient's demographics.
 *
 * @param id the patient's id, assigned at registration and never changed
 * @param version 1 at registration, one more at each update
 * @param lastUpdated when this version was stored
 * @param mrn the medical record number: given at registration, or assigned then when absent
 * @param identifiers identifiers other than the MRN (national, insurance, ...)
 * @param withheld the parts of the record the caller may not see: left empty here, and to be
 *        marked as withheld wherever the patient is shown
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
        List<Address> addresses,
        Set<PatientField> withheld) {

    public Patient {
        withheld = withheld == null || withheld.isEmpty() ? Set.of() : Set.copyOf(withheld);
        names = names == null ? List.of() : List.copyOf(names);
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        telecom = telecom == null ? List.of() : List.copyOf(telecom);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    /** A patient to register: no id or version yet; the MRN may be null to have one assigned. */
    /** The whole record, nothing withheld. */
    public Patient(String id, int version, Instant lastUpdated, String mrn, boolean active, List<PersonName> names,
            LocalDate birthDate, AdministrativeGender gender, List<Identifier> identifiers, List<ContactPoint> telecom,
            List<Address> addresses) {
        this(id, version, lastUpdated, mrn, active, names, birthDate, gender, identifiers, telecom, addresses, Set.of());
    }

    /** This record without the given parts; identity (MRN, names, birth date, sex) is never withheld. */
    public Patient withholding(Set<PatientField> fields) {
        if (fields.isEmpty()) {
            return this;
        }
        Set<PatientField> all = EnumSet.copyOf(fields);
        all.addAll(withheld);
        boolean noContact = all.contains(PatientField.CONTACT);
        return new Patient(id, version, lastUpdated, mrn, active, names, birthDate, gender, identifiers,
                noContact ? List.of() : telecom, noContact ? List.of() : addresses, all);
    }

    public static Patient toRegister(String mrn, List<PersonName> names, LocalDate birthDate,
            AdministrativeGender gender, List<Identifier> identifiers, List<ContactPoint> telecom,
            List<Address> addresses) {
        return new Patient(null, 0, null, mrn, true, names, birthDate, gender, identifiers, telecom, addresses);
    }
}
