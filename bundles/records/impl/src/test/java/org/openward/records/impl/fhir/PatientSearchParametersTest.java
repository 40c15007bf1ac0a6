package org.openward.records.impl.fhir;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.records.api.AdministrativeGender;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.TextMatch;

public class PatientSearchParametersTest {

    private static PatientQuery query(String... nameValuePairs) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            parameters.computeIfAbsent(nameValuePairs[i], k -> new java.util.ArrayList<>()).add(nameValuePairs[i + 1]);
        }
        return PatientSearchParameters.toQuery(new FhirSearch(parameters, 40, 20));
    }

    private static String refused(String... nameValuePairs) {
        return assertThrows(InvalidInputException.class, () -> query(nameValuePairs)).code();
    }

    @Test
    public void birthdatesCoverTheirWholePrecision() {
        PatientQuery month = query("birthdate", "1984-02");
        assertEquals(LocalDate.of(1984, 2, 1), month.birthDateFrom());
        assertEquals(LocalDate.of(1984, 2, 29), month.birthDateTo());
        PatientQuery after = query("birthdate", "gt1984");
        assertEquals(LocalDate.of(1985, 1, 1), after.birthDateFrom());
        assertNull(after.birthDateTo());
    }

    @Test
    public void repeatedBirthdatesIntersect() {
        PatientQuery q = query("birthdate", "ge1980", "birthdate", "lt1990-07");
        assertEquals(LocalDate.of(1980, 1, 1), q.birthDateFrom());
        assertEquals(LocalDate.of(1990, 6, 30), q.birthDateTo());
        assertEquals(40, q.offset());
        assertEquals(20, q.count());
    }

    @Test
    public void stringParametersTakeTheirModifier() {
        assertEquals(TextMatch.startsWith("smi"), query("name", "smi").name());
        assertEquals(new TextMatch("Smith", TextMatch.Mode.EXACT), query("family:exact", "Smith").family());
        assertEquals(new TextMatch("an", TextMatch.Mode.CONTAINS), query("given:contains", "an").given());
    }

    @Test
    public void identifiersAreSystemAndValueOrEitherOne() {
        PatientQuery both = query("identifier", "urn:a|123");
        assertEquals("urn:a", both.identifierSystem());
        assertEquals("123", both.identifierValue());
        PatientQuery valueOnly = query("identifier", "123");
        assertNull(valueOnly.identifierSystem());
        assertEquals("123", valueOnly.identifierValue());
        PatientQuery systemOnly = query("identifier", "urn:a|");
        assertEquals("urn:a", systemOnly.identifierSystem());
        assertNull(systemOnly.identifierValue());
        assertEquals("a|b", query("identifier", "urn:x|a\\|b").identifierValue());
    }

    @Test
    public void genderIsAFhirCode() {
        assertEquals(AdministrativeGender.OTHER, query("gender", "other").gender());
        assertEquals(AdministrativeGender.MALE, query("gender", "http://hl7.org/fhir/administrative-gender|male").gender());
        assertEquals("OW-1123", refused("gender", "m"));
        assertEquals("OW-1123", refused("gender", "urn:other|male"));
    }

    @Test
    public void badValuesAreRefusedNamingTheParameter() {
        assertEquals("OW-0027", refused("birthdate", "30/06/1984"));
        assertEquals("OW-0027", refused("birthdate", "1984-02-30"));
        assertEquals("OW-0028", refused("birthdate", "ap1984"));
        assertEquals("OW-1121", refused("name:phonetic", "smith"));
        assertEquals("OW-1121", refused("gender:not", "male"));
        assertEquals("OW-1122", refused("name", "a,b"));
        assertEquals("OW-1122", refused("family", "a", "family", "b"));
        assertEquals("OW-1124", refused("identifier", "|123"));
        assertEquals("OW-1124", refused("identifier", "|"));
    }
}
