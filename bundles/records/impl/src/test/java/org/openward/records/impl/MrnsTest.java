package org.openward.records.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class MrnsTest {

    @Test
    public void luhnCheckDigitsMatchTheTextbookExample() {
        assertEquals(3, Mrns.luhnCheckDigit("7992739871"));
        assertTrue(Mrns.hasValidCheckDigit("79927398713"));
        assertFalse(Mrns.hasValidCheckDigit("79927398710"));
    }

    @Test
    public void assignedNumbersCarryAValidCheckDigitAndCatchOneWrongDigit() {
        for (long n = 1_000_000; n < 1_002_000; n++) {
            String mrn = Mrns.fromSequence(n);
            assertTrue(mrn, Mrns.hasValidCheckDigit(mrn));
            char[] typo = mrn.toCharArray();
            typo[3] = (char) ('0' + (typo[3] - '0' + 1) % 10);
            assertFalse(new String(typo), Mrns.hasValidCheckDigit(new String(typo)));
        }
        assertEquals("10000008", Mrns.fromSequence(1_000_000));
    }

    @Test
    public void givenMrnsAreLettersDigitsAndDashes() {
        assertTrue(Mrns.FORMAT.matcher("A-123-b").matches());
        assertFalse(Mrns.FORMAT.matcher("12 34").matches());
        assertFalse(Mrns.FORMAT.matcher("x".repeat(33)).matches());
    }
}
