package com.example.openward.reminders;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.LocalDate;
import java.util.Optional;

import org.junit.Test;

public class InfluenzaSeasonTest {

    private final InfluenzaSeason northern = InfluenzaSeason.parse("09-01", "03-31");

    @Test
    public void aSeasonAcrossTheNewYearIsTheSameSeasonOnBothSides() {
        InfluenzaSeason.Current autumn = northern.on(LocalDate.of(2026, 11, 22)).orElseThrow();
        InfluenzaSeason.Current winter = northern.on(LocalDate.of(2027, 2, 10)).orElseThrow();
        assertEquals(autumn, winter);
        assertEquals(LocalDate.of(2026, 9, 1), autumn.starts());
        assertEquals(LocalDate.of(2027, 3, 31), autumn.ends());
        assertEquals("2026-27", autumn.label());
        assertEquals("vaccinations from two months before count", LocalDate.of(2026, 7, 1), autumn.vaccinationsFrom());
    }

    @Test
    public void itsFirstAndLastDaysBelongToItAndTheSummerDoesNot() {
        assertEquals(LocalDate.of(2026, 9, 1), northern.on(LocalDate.of(2026, 9, 1)).orElseThrow().starts());
        assertEquals(LocalDate.of(2026, 9, 1), northern.on(LocalDate.of(2027, 3, 31)).orElseThrow().starts());
        assertEquals(Optional.empty(), northern.on(LocalDate.of(2027, 4, 1)));
        assertEquals(Optional.empty(), northern.on(LocalDate.of(2026, 8, 31)));
    }

    @Test
    public void aSeasonWithinOneYearIsNamedByThatYear() {
        InfluenzaSeason southern = InfluenzaSeason.parse("03-01", "09-30");
        assertEquals("2026", southern.on(LocalDate.of(2026, 5, 1)).orElseThrow().label());
        assertEquals(Optional.empty(), southern.on(LocalDate.of(2026, 12, 1)));
        assertEquals(Optional.empty(), southern.on(LocalDate.of(2026, 2, 28)));
    }

    @Test
    public void aSettingThatIsNotAMonthAndDayIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InfluenzaSeason.parse("September", "03-31"));
        assertThat(e.getMessage(), containsString("influenzaSeasonStart must be a month and day, MM-dd"));
        assertThrows(IllegalArgumentException.class, () -> InfluenzaSeason.parse("09-01", "02-30"));
    }
}
