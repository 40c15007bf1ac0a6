package org.openward.pharmacy.api;

import java.util.Locale;

/** Where an order stands with the pharmacist. Nothing is dispensed or given unless {@link #VERIFIED}. */
public enum Verification {
    /** In the pharmacist's queue. */
    PENDING,
    VERIFIED,
    /** Refused, with a reason; the order is cancelled. */
    REJECTED,
    /** The pharmacist asked the prescriber a question; the order waits for a modification. */
    QUERIED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Verification ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
