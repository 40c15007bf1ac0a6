package org.openward.records.api;

import java.util.List;

/**
 * A name of a person. {@code use} is a FHIR NameUse code ({@code official}, {@code usual},
 * {@code nickname}, {@code maiden}, {@code old}, {@code temp}, {@code anonymous}) or null.
 */
public record PersonName(String use, String family, List<String> given, List<String> prefix,
        List<String> suffix, String text) {

    public PersonName {
        given = given == null ? List.of() : List.copyOf(given);
        prefix = prefix == null ? List.of() : List.copyOf(prefix);
        suffix = suffix == null ? List.of() : List.copyOf(suffix);
    }

    /** An official name made of a family name and given names. */
    public static PersonName official(String family, String... given) {
        return new PersonName("official", family, List.of(given), List.of(), List.of(), null);
    }
}
