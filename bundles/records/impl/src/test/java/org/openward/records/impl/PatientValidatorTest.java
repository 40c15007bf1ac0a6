package org.openward.records.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.Test;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.records.api.Address;
import org.openward.records.api.AdministrativeGender;
import org.openward.records.api.ContactPoint;
import org.openward.records.api.Identifier;
import org.openward.records.api.Patient;
import org.openward.records.api.PersonName;

public class PatientValidatorTest {

    private static final String MRN_SYSTEM = "urn:test:mrn";
    private final PatientValidator validator =
            new PatientValidator(Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC));

    private static Patient patient(String mrn, List<PersonName> names, LocalDate birth, List<Identifier> ids,
            List<ContactPoint> telecom, List<Address> addresses) {
        return Patient.toRegister(mrn, names, birth, AdministrativeGender.FEMALE, ids, telecom, addresses);
    }

    private static Patient withNames(PersonName... names) {
        return patient(null, List.of(names), null, List.of(), List.of(), List.of());
    }

    private void assertRefused(String code, String field, Patient patient) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validator.validate(patient, MRN_SYSTEM));
        assertEquals(e.getMessage(), code, e.code());
        assertEquals(e.getMessage(), field, e.field());
    }

    @Test
    public void aCompletePatientPasses() {
        validator.validate(patient("MRN-1", List.of(PersonName.official("Lovelace", "Ada")), LocalDate.of(1815, 12, 10)
                .plusYears(100), List.of(new Identifier("urn:test:nid", "N1", "official")),
                List.of(new ContactPoint("email", "ada@example.org", "work")),
                List.of(new Address("home", List.of("1 Demo Street"), "Exampleton", null, "EX", "10001", "US"))), MRN_SYSTEM);
    }

    @Test
    public void namesAreRequiredAndMustSaySomething() {
        assertRefused("OW-1101", "name", withNames());
        assertRefused("OW-1102", "name[0]", withNames(new PersonName("official", null, List.of(), null, null, " ")));
        assertRefused("OW-1103", "name[0].use", withNames(new PersonName("legal", "Doe", List.of(), null, null, null)));
        assertRefused("OW-1104", "name[0].family", withNames(PersonName.official("x".repeat(101))));
        assertRefused("OW-1104", "name[0].given[0]", withNames(PersonName.official("Doe", "")));
        assertRefused("OW-1104", "name[1].family", withNames(PersonName.official("Ok"), PersonName.official("Bell\u0007")));
    }

    @Test
    public void birthDatesAreNotInTheFutureNorImplausiblyOld() {
        List<PersonName> name = List.of(PersonName.official("Doe"));
        assertRefused("OW-1105", "birthDate", patient(null, name, LocalDate.of(2026, 6, 2), List.of(), List.of(), List.of()));
        assertRefused("OW-1106", "birthDate", patient(null, name, LocalDate.of(1879, 12, 31), List.of(), List.of(), List.of()));
        validator.validate(patient(null, name, LocalDate.of(2026, 6, 1), List.of(), List.of(), List.of()), MRN_SYSTEM);
    }

    @Test
    public void identifiersNeedASystemAValueAndNoRepeats() {
        List<PersonName> name = List.of(PersonName.official("Doe"));
        assertRefused("OW-1107", "identifier[0].system",
                patient(null, name, null, List.of(new Identifier(null, "1", null)), List.of(), List.of()));
        assertRefused("OW-1108", "identifier[0].value",
                patient(null, name, null, List.of(new Identifier("urn:a", " ", null)), List.of(), List.of()));
        assertRefused("OW-1109", "identifier[1]", patient(null, name, null,
                List.of(new Identifier("urn:a", "1", null), new Identifier("urn:a", "1", null)), List.of(), List.of()));
        assertRefused("OW-1116", "identifier[0].system",
                patient(null, name, null, List.of(new Identifier(MRN_SYSTEM, "1", null)), List.of(), List.of()));
        assertRefused("OW-1110", "identifier", patient("not an mrn", name, null, List.of(), List.of(), List.of()));
    }

    @Test
    public void contactPointsAndAddressesUseFhirCodes() {
        List<PersonName> name = List.of(PersonName.official("Doe"));
        assertRefused("OW-1111", "telecom[0].system",
                patient(null, name, null, List.of(), List.of(new ContactPoint("pigeon", "x", null)), List.of()));
        assertRefused("OW-1112", "telecom[0].value",
                patient(null, name, null, List.of(), List.of(new ContactPoint("phone", "", null)), List.of()));
        assertRefused("OW-1103", "telecom[0].use",
                patient(null, name, null, List.of(), List.of(new ContactPoint("phone", "1", "car")), List.of()));
        assertRefused("OW-1104", "address[0].postalCode", patient(null, name, null, List.of(), List.of(),
                List.of(new Address(null, List.of(), null, null, null, "1".repeat(21), null))));
        assertRefused("OW-1115", "address[0].line", patient(null, name, null, List.of(), List.of(),
                List.of(new Address(null, List.of("a", "b", "c", "d", "e"), null, null, null, null, null))));
    }
}
