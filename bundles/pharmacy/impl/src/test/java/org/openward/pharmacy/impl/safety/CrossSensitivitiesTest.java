package org.openward.pharmacy.impl.safety;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.Test;
import org.openward.pharmacy.spi.Severity;

public class CrossSensitivitiesTest {

    @Test
    public void defaultConfiguration() {
        CrossSensitivities c = CrossSensitivities.parse(CrossSensitivities.DEFAULT);
        assertEquals(Optional.of(Severity.MODERATE), c.between("penicillins", "cephalosporins"));
        assertEquals(Optional.of(Severity.LOW), c.between("penicillins", "carbapenems"));
        assertEquals(Optional.of(Severity.MODERATE), c.between("cephalosporins", "penicillins"));
        assertEquals(Optional.of(Severity.LOW), c.between("sulfonamide-antibiotics", "sulfonylureas"));
    }

    @Test
    public void relationsHoldInTheDirectionWrittenOnly() {
        CrossSensitivities c = CrossSensitivities.parse(CrossSensitivities.DEFAULT);
        assertEquals(Optional.empty(), c.between("carbapenems", "penicillins"));
        assertEquals(Optional.empty(), c.between("sulfonylureas", "sulfonamide-antibiotics"));
        assertEquals(Optional.empty(), c.between("penicillins", "penicillins"));
        assertEquals(Optional.empty(), c.between("penicillins", "glycopeptides"));
        assertEquals(Optional.empty(), c.between(null, "cephalosporins"));
    }

    @Test
    public void spacingAndSeverityCaseAreFree() {
        CrossSensitivities c = CrossSensitivities
                .parse("  penicillins > cephalosporins : HIGH ,\n nsaids>salicylates:Low,");
        assertEquals(Optional.of(Severity.HIGH), c.between("penicillins", "cephalosporins"));
        assertEquals(Optional.of(Severity.LOW), c.between("nsaids", "salicylates"));
        assertEquals("penicillins>cephalosporins:high, nsaids>salicylates:low", c.toString());
    }

    @Test
    public void blankMeansNone() {
        assertEquals(Optional.empty(), CrossSensitivities.parse("").between("penicillins", "cephalosporins"));
        assertEquals(Optional.empty(), CrossSensitivities.parse(null).between("penicillins", "cephalosporins"));
        assertEquals("", CrossSensitivities.parse(" , ").toString());
    }

    @Test
    public void badEntriesAreNamed() {
        assertBad("penicillins>cephalosporins:moderate, penicillins-carbapenems:low",
                "\"penicillins-carbapenems:low\"");
        assertBad("penicillins>cephalosporins", "\"penicillins>cephalosporins\"");
        assertBad("penicillins>cephalosporins:severe", "severity \"severe\"");
        assertBad("Penicillins>cephalosporins:low", "\"Penicillins>cephalosporins:low\"");
        assertBad("penicillins>penicillins:low", "\"penicillins>penicillins:low\"");
        assertBad("penicillins>cephalosporins:low, penicillins>cephalosporins:high", "given twice");
    }

    private static void assertBad(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CrossSensitivities.parse(text));
        assertTrue(e.getMessage(), e.getMessage().startsWith("crossSensitivities: bad entry"));
        assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }
}
