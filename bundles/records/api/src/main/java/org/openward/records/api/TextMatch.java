package org.openward.records.api;

import java.util.Objects;

/** How a text criterion matches, after FHIR's string search. */
public record TextMatch(String text, Mode mode) {

    public enum Mode {
        /** Starts with the text, ignoring case and accents (FHIR's default). */
        STARTS_WITH,
        /** Contains the text, ignoring case and accents ({@code :contains}). */
        CONTAINS,
        /** Equals the text exactly ({@code :exact}). */
        EXACT
    }

    public TextMatch {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mode, "mode");
    }

    public static TextMatch startsWith(String text) {
        return new TextMatch(text, Mode.STARTS_WITH);
    }
}
