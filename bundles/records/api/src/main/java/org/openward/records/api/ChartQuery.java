package org.openward.records.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A search of one patient's records of one type. Empty lists and null bounds do not narrow the
 * search; several tokens in one list are alternatives (OR). Records entered in error are found
 * only when {@code statuses} asks for {@code entered-in-error}.
 *
 * @param type one of {@link ChartService#RESOURCE_TYPES}
 * @param from records whose date is at or after this instant
 * @param until records whose date is before this instant
 * @param codes what the record is (an Observation's code, an Immunization's vaccine, …)
 * @param categories its category (an Encounter's class)
 * @param statuses its status codes (for Conditions and allergies, the clinical status)
 * @param newestFirst by date, newest first (the default), or oldest first
 */
public record ChartQuery(String type, String patientId, Instant from, Instant until, List<Token> codes,
        List<Token> categories, List<String> statuses, boolean newestFirst, int offset, int count) {

    /** A code, with its system or in any system ({@code system} null), or any code of a system ({@code code} null). */
    public record Token(String system, String code) {
        public Token {
            if (system == null && code == null) {
                throw new IllegalArgumentException("a token needs a system or a code");
            }
        }
    }

    public ChartQuery {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(patientId, "patientId");
        codes = List.copyOf(codes);
        categories = List.copyOf(categories);
        statuses = List.copyOf(statuses);
        if (offset < 0 || count < 0) {
            throw new IllegalArgumentException("offset and count must be >= 0");
        }
    }

    /** All of a patient's records of one type, newest first. */
    public static ChartQuery all(String type, String patientId, int offset, int count) {
        return new ChartQuery(type, patientId, null, null, List.of(), List.of(), List.of(), true, offset, count);
    }
}
