package org.openward.pharmacy.api;

import java.util.Locale;

/** Where one scheduled (or as-needed) dose stands on the eMAR. */
public enum SlotStatus {
    /** Later in the shift, outside the administration window. */
    UPCOMING,
    /** Inside the window around its scheduled time. */
    DUE,
    /** Its window has passed and it was neither given nor documented as held or refused. */
    OVERDUE,
    GIVEN,
    /** Not given on purpose (nil by mouth, low blood pressure…), with a reason. */
    HELD,
    /** The patient declined it. */
    REFUSED,
    /** An as-needed order: may be given when needed, no schedule. */
    AS_NEEDED;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
