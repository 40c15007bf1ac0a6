package org.openward.records.impl;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.openward.records.api.PersonName;

public class NamesTest {

    @Test
    public void normalizingIgnoresCaseAccentsAndExtraSpaces() {
        assertEquals("eve muller", Names.normalize("  Ève   Müller "));
        assertEquals("francois", Names.normalize("FRANÇOIS"));
        assertEquals("zofia", Names.normalize("Zófia"));
    }

    @Test
    public void patientsSortByFamilyThenGivenOfTheirFirstName() {
        assertEquals("nguyen mei lan", Names.sortKey(List.of(PersonName.official("Nguyen", "Mei", "Lan"),
                PersonName.official("Aardvark", "Zed"))));
        assertEquals("", Names.sortKey(List.of()));
    }

    @Test
    public void listsRoundTripThroughOneColumn() {
        assertEquals(List.of("Mary", "Ann"), Names.splitLines(Names.joinLines(List.of("Mary", "Ann"))));
        assertEquals(List.of(), Names.splitLines(Names.joinLines(List.of())));
    }
}
