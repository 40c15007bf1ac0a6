package org.openward.platform.api.cds;

/** The points of the workflow where decision support is asked, named as in CDS Hooks. */
public enum CdsHook {

    /** A user opens a patient's chart. The request carries the patient. */
    PATIENT_VIEW("patient-view"),

    /**
     * A prescriber is about to sign orders. The request carries the patient and the draft orders
     * (FHIR MedicationRequests, not yet stored). A {@link Card.Indicator#CRITICAL critical} card
     * stops the order until the prescriber overrides it with a reason.
     */
    ORDER_SIGN("order-sign");

    private final String id;

    CdsHook(String id) {
        this.id = id;
    }

    /** The hook's name in CDS Hooks: {@code patient-view}, {@code order-sign}. */
    public String id() {
        return id;
    }
}
