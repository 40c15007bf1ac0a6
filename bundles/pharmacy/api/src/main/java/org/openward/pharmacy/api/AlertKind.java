package org.openward.pharmacy.api;

import java.util.Locale;

/** What an order check found. */
public enum AlertKind {
    /** The patient is allergic to the drug or one of its ingredients. */
    DRUG_ALLERGY,
    /** The patient is allergic to a drug of a class that cross-reacts with this drug's class. */
    CROSS_SENSITIVITY,
    /** The drug interacts with one the patient already takes. */
    DRUG_INTERACTION,
    /** The patient already takes the same ingredient or a drug of the same class. */
    DUPLICATE_THERAPY,
    /** A single dose or the daily dose is outside the drug's range (per kilogram where the drug needs it). */
    DOSE_RANGE,
    /**
     * A decision support plugin's card at order-sign (the key names the service): critical cards
     * are {@code HIGH}, warnings {@code MODERATE}, information {@code LOW}. Since 1.1.
     */
    DECISION_SUPPORT,
    /** A check could not run (a knowledge base failed or timed out, the weight is unknown). */
    CHECK_UNAVAILABLE;

    /** The code in FHIR: {@code drug-allergy}, {@code drug-interaction}, … */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind with this {@link #code()}. */
    public static AlertKind ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
