package com.example.openward.reminders;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The influenza vaccination season: from a first to a last day of the year, running into the
 * next year when the last day comes before the first (09-01 to 03-31). A vaccination counts for a
 * season from {@value #EARLY_MONTHS} months before it starts, when the season's vaccine is out.
 */
record InfluenzaSeason(MonthDay start, MonthDay end) {

    static final int EARLY_MONTHS = 2;
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd");

    /** One season, as it applies on a given day. */
    record Current(LocalDate starts, LocalDate ends) {

        /** The first day a vaccination counts for this season. */
        LocalDate vaccinationsFrom() {
            return starts.minusMonths(EARLY_MONTHS);
        }

        /** "2026-27" for a season across the new year, "2026" otherwise. */
        String label() {
            return starts.getYear() == ends.getYear() ? Integer.toString(starts.getYear())
                    : starts.getYear() + "-" + String.format("%02d", ends.getYear() % 100);
        }
    }

    /**
     * @throws IllegalArgumentException naming the setting that is not a month and day (MM-dd)
     */
    static InfluenzaSeason parse(String start, String end) {
        return new InfluenzaSeason(monthDay("influenzaSeasonStart", start), monthDay("influenzaSeasonEnd", end));
    }

    private static MonthDay monthDay(String setting, String value) {
        try {
            return MonthDay.parse(value == null ? "" : value.trim(), MONTH_DAY);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(setting + " must be a month and day, MM-dd, not '" + value + "'", e);
        }
    }

    /** The season the day falls in, or nothing between seasons. */
    Optional<Current> on(LocalDate day) {
        LocalDate starts = start.atYear(day.getYear());
        if (starts.isAfter(day)) {
            starts = start.atYear(day.getYear() - 1);
        }
        LocalDate ends = end.atYear(starts.getYear());
        if (ends.isBefore(starts)) {
            ends = end.atYear(starts.getYear() + 1);
        }
        return day.isAfter(ends) ? Optional.empty() : Optional.of(new Current(starts, ends));
    }
}
