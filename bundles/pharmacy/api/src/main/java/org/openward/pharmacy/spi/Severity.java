package org.openward.pharmacy.spi;

/**
 * How serious a finding is. A {@link #HIGH} alert stops an order unless the prescriber overrides
 * it with a reason; {@link #MODERATE} and {@link #LOW} are shown and recorded.
 */
public enum Severity {
    HIGH,
    MODERATE,
    LOW;

    /** The FHIR DetectedIssue severity code: {@code high}, {@code moderate}, {@code low}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
