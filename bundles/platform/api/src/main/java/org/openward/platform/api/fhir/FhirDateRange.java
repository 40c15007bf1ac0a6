package org.openward.platform.api.fhir;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openward.platform.api.error.InvalidInputException;

/**
 * The span of time a FHIR {@code date} search parameter asks for. A value is a date or a
 * dateTime at any precision ({@code 2026}, {@code 2026-03}, {@code 2026-03-01},
 * {@code 2026-03-01T08:30Z}, {@code 2026-03-01T08:30:15.250+01:00}) after an optional prefix
 * {@code eq} (within it, the default), {@code ge}, {@code gt}, {@code le} or {@code lt}; a value
 * covers its whole precision (2026 is all of that year), and repeating the parameter narrows the
 * span (AND). Times without an offset are UTC, the server's time zone.
 */
public final class FhirDateRange {

    private static final Pattern VALUE = Pattern.compile("(eq|ne|gt|lt|ge|le|sa|eb|ap)?"
            + "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d{1,9})?)?"
            + "(Z|[+-]\\d{2}:\\d{2})?)?)?)?");

    private final Instant from;
    private final Instant until;

    private FhirDateRange(Instant from, Instant until) {
        this.from = from;
        this.until = until;
    }

    /**
     * The span the values of one parameter ask for together.
     *
     * @param parameter the parameter's name, for the error
     * @throws InvalidInputException OW-0027 for a value that is not a date, OW-0028 for a prefix
     *         other than eq, ge, gt, le, lt
     */
    public static FhirDateRange parse(String parameter, List<String> values) {
        Instant from = null;
        Instant until = null;
        for (String value : values) {
            FhirDateRange one = parse(parameter, value);
            if (one.from != null && (from == null || one.from.isAfter(from))) {
                from = one.from;
            }
            if (one.until != null && (until == null || one.until.isBefore(until))) {
                until = one.until;
            }
        }
        return new FhirDateRange(from, until);
    }

    private static FhirDateRange parse(String parameter, String value) {
        Matcher m = VALUE.matcher(value);
        if (!m.matches()) {
            throw new InvalidInputException("OW-0027", parameter, parameter + ": '" + value + "' is not a date"
                    + " (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.fff]][Z|+hh:mm], with an optional prefix)");
        }
        Instant low;
        Instant high;
        try {
            int year = Integer.parseInt(m.group(2));
            if (m.group(3) == null) {
                LocalDate first = LocalDate.of(year, 1, 1);
                low = first.atStartOfDay(ZoneOffset.UTC).toInstant();
                high = first.plusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else if (m.group(4) == null) {
                LocalDate first = LocalDate.of(year, Integer.parseInt(m.group(3)), 1);
                low = first.atStartOfDay(ZoneOffset.UTC).toInstant();
                high = first.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else if (m.group(5) == null) {
                LocalDate day = LocalDate.of(year, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
                low = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                high = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                LocalDateTime time = LocalDateTime.of(year, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                        Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                        m.group(7) == null ? 0 : Integer.parseInt(m.group(7)));
                ChronoUnit precision = m.group(7) == null ? ChronoUnit.MINUTES : ChronoUnit.SECONDS;
                if (m.group(8) != null) {
                    String fraction = (m.group(8).substring(1) + "000000000").substring(0, 9);
                    time = time.withNano(Integer.parseInt(fraction));
                    precision = ChronoUnit.MILLIS;
                }
                ZoneOffset offset = m.group(9) == null ? ZoneOffset.UTC : ZoneOffset.of(m.group(9));
                low = OffsetDateTime.of(time, offset).toInstant();
                high = low.plus(1, precision);
            }
        } catch (DateTimeException | NumberFormatException e) {
            throw new InvalidInputException("OW-0027", parameter, parameter + ": '" + value + "' is not a valid date");
        }
        String prefix = m.group(1) == null ? "eq" : m.group(1);
        return switch (prefix) {
            case "eq" -> new FhirDateRange(low, high);
            case "ge" -> new FhirDateRange(low, null);
            case "gt" -> new FhirDateRange(high, null);
            case "le" -> new FhirDateRange(null, high);
            case "lt" -> new FhirDateRange(null, low);
            default -> throw new InvalidInputException("OW-0028", parameter, parameter + ": the prefix '" + prefix
                    + "' is not supported; use eq, ge, gt, le or lt");
        };
    }

    /** The span's start (inclusive), or {@code null} when it has none. */
    public Instant from() {
        return from;
    }

    /** The span's end (exclusive), or {@code null} when it has none. */
    public Instant until() {
        return until;
    }

    /** The day (UTC) the span starts in, or {@code null}: for parameters on a date such as a birth date. */
    public LocalDate firstDay() {
        return from == null ? null : LocalDate.ofInstant(from, ZoneOffset.UTC);
    }

    /** The day (UTC) the span ends in, or {@code null}: for parameters on a date. */
    public LocalDate lastDay() {
        return until == null ? null : LocalDate.ofInstant(until.minusNanos(1), ZoneOffset.UTC);
    }
}
