package org.openward.records.impl.fhir;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.openward.testing.FhirR4.assertValid;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.junit.Test;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.records.api.Address;
import org.openward.records.api.AdministrativeGender;
import org.openward.records.api.ContactPoint;
import org.openward.records.api.Identifier;
import org.openward.records.api.Patient;
import org.openward.records.api.PatientField;
import org.openward.records.api.PersonName;

public class PatientTranslatorTest {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.19.5";
    private final PatientTranslator translator = new PatientTranslator(MRN_SYSTEM);

    private static Patient full() {
        return new Patient("7f3c", 3, Instant.parse("2026-05-04T03:02:01.123Z"), "10000009", true,
                List.of(new PersonName("official", "García Márquez", List.of("Gabriel", "José"), List.of("Dr."),
                        List.of("PhD"), null), new PersonName("nickname", null, List.of("Gabo"), null, null, null)),
                LocalDate.of(1927, 3, 6), AdministrativeGender.MALE,
                List.of(new Identifier("urn:oid:2.16.840.1.113883.4.1", "123-45-6789", "official")),
                List.of(new ContactPoint("phone", "+1-555-0142", "mobile"), new ContactPoint("email", "g@example.org", null)),
                List.of(new Address("home", List.of("12 Demo Street", "Flat 3"), "Exampleton", "North", "EX", "10001", "US")));
    }

    @Test
    public void producedPatientsPassTheR4Validator() {
        assertValid(translator.toFhir(full()));
        assertValid(translator.toFhir(new Patient("a", 1, Instant.now(), "1", false,
                List.of(PersonName.official("Doe")), null, null, List.of(), List.of(), List.of())));
    }

    @Test
    public void theNarrativeSummarisesThePatientAndWithheldPartsAreMarkedRedacted() {
        org.hl7.fhir.r4.model.Patient whole = translator.toFhir(full());
        String div = whole.getText().getDivAsString();
        assertTrue(div, div.contains("García Márquez") && div.contains("10000009") && div.contains("Exampleton"));
        assertTrue(whole.getMeta().getSecurity().isEmpty());

        org.hl7.fhir.r4.model.Patient billed = translator.toFhir(full().withholding(Set.of(PatientField.NARRATIVE)));
        assertFalse("no narrative", billed.hasText());
        assertEquals("REDACTED", billed.getMeta().getSecurityFirstRep().getCode());
        assertEquals("+1-555-0142", billed.getTelecomFirstRep().getValue());
        assertValid(billed);

        org.hl7.fhir.r4.model.Patient directory = translator.toFhir(
                full().withholding(Set.of(PatientField.CONTACT, PatientField.NARRATIVE)));
        assertFalse(directory.hasTelecom() || directory.hasAddress() || directory.hasText());
        assertEquals("García Márquez", directory.getNameFirstRep().getFamily());
    }

    @Test
    public void everythingKeptSurvivesTheRoundTrip() {
        Patient back = translator.toDomain(translator.toFhir(full()));
        Patient expected = full();
        assertEquals(expected.mrn(), back.mrn());
        assertEquals(expected.names(), back.names());
        assertEquals(expected.birthDate(), back.birthDate());
        assertEquals(expected.gender(), back.gender());
        assertEquals(expected.identifiers(), back.identifiers());
        assertEquals(expected.telecom(), back.telecom());
        assertEquals(expected.addresses(), back.addresses());
        assertEquals(expected.active(), back.active());
    }

    @Test
    public void theMrnIsTheIdentifierOfTheSiteSystemAndIsTypedMr() {
        org.hl7.fhir.r4.model.Patient fhir = translator.toFhir(full());
        org.hl7.fhir.r4.model.Identifier mrn = fhir.getIdentifierFirstRep();
        assertEquals(MRN_SYSTEM, mrn.getSystem());
        assertEquals("MR", mrn.getType().getCodingFirstRep().getCode());
        assertEquals("3", fhir.getMeta().getVersionId());
        org.hl7.fhir.r4.model.Patient input = new org.hl7.fhir.r4.model.Patient();
        input.addName().setFamily("Doe");
        assertNull("no MRN: one is assigned", translator.toDomain(input).mrn());
        assertTrue("absent active means active", translator.toDomain(input).active());
    }

    @Test
    public void elementsThisServerWouldDropAreRefusedNotLost() {
        org.hl7.fhir.r4.model.Patient married = new org.hl7.fhir.r4.model.Patient();
        married.addName().setFamily("Doe");
        married.getMaritalStatus().setText("married");
        assertRefused("OW-1120", "maritalStatus", married);

        org.hl7.fhir.r4.model.Patient period = new org.hl7.fhir.r4.model.Patient();
        period.addName().setFamily("Doe").getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2000"));
        assertRefused("OW-1120", "name[0].period", period);

        org.hl7.fhir.r4.model.Patient extended = new org.hl7.fhir.r4.model.Patient();
        extended.addName().setFamily("Doe");
        extended.addExtension("http://example.org/x", new org.hl7.fhir.r4.model.StringType("y"));
        assertRefused("OW-1120", "extension", extended);
    }

    @Test
    public void partialBirthDatesAndDoubleMrnsAreRefused() {
        org.hl7.fhir.r4.model.Patient year = new org.hl7.fhir.r4.model.Patient();
        year.addName().setFamily("Doe");
        year.setBirthDateElement(new DateType("1970"));
        assertRefused("OW-1119", "birthDate", year);

        org.hl7.fhir.r4.model.Patient twice = new org.hl7.fhir.r4.model.Patient();
        twice.addName().setFamily("Doe");
        twice.addIdentifier().setSystem(MRN_SYSTEM).setValue("1");
        twice.addIdentifier().setSystem(MRN_SYSTEM).setValue("2");
        assertRefused("OW-1118", "identifier[1]", twice);

        org.hl7.fhir.r4.model.Patient unknownGender = new org.hl7.fhir.r4.model.Patient();
        unknownGender.addName().setFamily("Doe");
        unknownGender.setGender(Enumerations.AdministrativeGender.UNKNOWN);
        assertEquals(AdministrativeGender.UNKNOWN, translator.toDomain(unknownGender).gender());
    }

    private void assertRefused(String code, String field, org.hl7.fhir.r4.model.Patient patient) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> translator.toDomain(patient));
        assertEquals(e.getMessage(), code, e.code());
        assertEquals(e.getMessage(), field, e.field());
    }
}
