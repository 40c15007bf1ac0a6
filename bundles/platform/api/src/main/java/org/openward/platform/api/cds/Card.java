package org.openward.platform.api.cds;

import java.util.Objects;

/**
 * One piece of advice, as a CDS Hooks card.
 *
 * @param summary   what the clinician reads first: one line of at most 140 characters
 * @param detail    more, in plain text; may be empty
 * @param indicator how urgent
 * @param source    who says so: the knowledge source or organisation, shown with the card
 * @param link      where to read more (an https URL), or {@code null}
 */
public record Card(String summary, String detail, Indicator indicator, String source, String link) {

    /** The longest summary CDS Hooks allows. */
    public static final int SUMMARY_LIMIT = 140;

    /** How urgent a card is. */
    public enum Indicator {
        INFO, WARNING, CRITICAL
    }

    /**
     * @throws IllegalArgumentException when the summary is blank or longer than {@value #SUMMARY_LIMIT}
     *         characters, or the source is blank
     */
    public Card {
        Objects.requireNonNull(indicator, "indicator");
        if (summary == null || summary.isBlank() || summary.length() > SUMMARY_LIMIT) {
            throw new IllegalArgumentException("a card's summary must be 1 to " + SUMMARY_LIMIT + " characters");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a card must name its source");
        }
        detail = detail == null ? "" : detail;
    }
}
