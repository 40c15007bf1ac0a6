package org.openward.platform.api.fhir;

/** The FHIR RESTful interactions a provider can support. */
public enum FhirInteraction {
    /** {@code GET /fhir/Type/id} */
    READ("read"),
    /** {@code POST /fhir/Type} */
    CREATE("create"),
    /** {@code PUT /fhir/Type/id} */
    UPDATE("update"),
    /** {@code GET /fhir/Type?params} */
    SEARCH_TYPE("search-type"),
    /** {@code GET /fhir/Type/id/_history/version} */
    VREAD("vread"),
    /** {@code GET /fhir/Type/id/_history} */
    HISTORY_INSTANCE("history-instance");

    private final String code;

    FhirInteraction(String code) {
        this.code = code;
    }

    /** The code FHIR uses for this interaction in a CapabilityStatement. */
    public String code() {
        return code;
    }
}
