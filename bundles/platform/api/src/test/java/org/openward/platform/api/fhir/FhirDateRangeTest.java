package org.openward.platform.api.fhir;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.Test;
import org.openward.platform.api.error.InvalidInputException;

public class FhirDateRangeTest {

    private static FhirDateRange range(String... values) {
        return FhirDateRange.parse("date", List.of(values));
    }

    private static void assertSpan(String from, String until, FhirDateRange range) {
        assertEquals(from == null ? null : Instant.parse(from), range.from());
        assertEquals(until == null ? null : Instant.parse(until), range.until());
    }

    @Test
    public void aValueCoversItsWholePrecision() {
        assertSpan("1984-01-01T00:00:00Z", "1985-01-01T00:00:00Z", range("1984"));
        assertSpan("1984-02-01T00:00:00Z", "1984-03-01T00:00:00Z", range("1984-02"));
        assertSpan("1984-06-30T00:00:00Z", "1984-07-01T00:00:00Z", range("eq1984-06-30"));
        assertSpan("2026-03-01T08:30:00Z", "2026-03-01T08:31:00Z", range("2026-03-01T08:30Z"));
        assertSpan("2026-03-01T08:30:15Z", "2026-03-01T08:30:16Z", range("2026-03-01T08:30:15"));
        assertSpan("2026-03-01T07:30:15.250Z", "2026-03-01T07:30:15.251Z", range("2026-03-01T08:30:15.25+01:00"));
    }

    @Test
    public void prefixesOpenTheSpanOnOneSide() {
        assertSpan("1984-01-01T00:00:00Z", null, range("ge1984"));
        assertSpan("1985-01-01T00:00:00Z", null, range("gt1984"));
        assertSpan(null, "1985-01-01T00:00:00Z", range("le1984"));
        assertSpan(null, "1984-01-01T00:00:00Z", range("lt1984"));
    }

    @Test
    public void repeatedValuesNarrowTheSpan() {
        assertSpan("2026-03-01T00:00:00Z", "2026-03-01T12:00:00Z", range("ge2026-03", "lt2026-03-01T12:00Z", "ge1999"));
        assertSpan(null, null, range());
    }

    @Test
    public void daysAreThoseTheSpanStartsAndEndsIn() {
        FhirDateRange leap = range("1984-02");
        assertEquals(LocalDate.of(1984, 2, 1), leap.firstDay());
        assertEquals(LocalDate.of(1984, 2, 29), leap.lastDay());
        assertEquals(LocalDate.of(1983, 12, 31), range("lt1984").lastDay());
        assertNull(range("lt1984").firstDay());
    }

    @Test
    public void malformedValuesAndUnsupportedPrefixesAreRefusedNamingTheParameter() {
        for (String bad : List.of("30/06/1984", "1984-02-30", "1984-13", "2026-03-01T25:00Z", "2026-03-01T08", "84",
                "2026-03-01T08:30+25:00")) {
            InvalidInputException refused = assertThrows(bad, InvalidInputException.class, () -> range(bad));
            assertEquals(bad, "OW-0027", refused.code());
            assertEquals("date", refused.field());
        }
        for (String prefix : List.of("ne", "sa", "eb", "ap")) {
            assertEquals("OW-0028", assertThrows(InvalidInputException.class, () -> range(prefix + "2026")).code());
        }
    }
}
