package org.openward.records.impl.chart;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.openward.platform.api.error.InvalidInputException;

/**
 * The checks a record goes through before it is stored. Each throws at the first fault, naming
 * the element ({@code Observation.valueQuantity.code}) and what is expected of it.
 */
final class Checks {

    static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String CVX = "http://hl7.org/fhir/sid/cvx";
    static final String UCUM = "http://unitsofmeasure.org";
    /** Drug classes: WHO ATC and the VA's MED-RT, for allergies to a whole class. */
    static final String ATC = "http://www.whocc.no/atc";
    static final String MEDRT = "http://va.gov/terminology/medrt";

    private final String type;

    Checks(String type) {
        this.type = type;
    }

    /** A fault in an element: 400, OW-1201 unless another code says more. */
    InvalidInputException fault(String element, String message) {
        return fault("OW-1201", element, message);
    }

    /** The field is the element's path within the resource (the front door puts the type before it). */
    InvalidInputException fault(String code, String element, String message) {
        return new InvalidInputException(code, element, type + "." + element + ": " + message);
    }

    void required(String element, boolean present) {
        if (!present) {
            throw fault(element, "required");
        }
    }

    /**
     * A concept with at least one coding from one of the systems (others may come along as
     * translations); every coding needs a system and a code.
     */
    void coded(String element, CodeableConcept concept, Set<String> systems) {
        required(element, concept != null && !concept.isEmpty());
        boolean known = false;
        List<Coding> codings = concept.getCoding();
        for (int i = 0; i < codings.size(); i++) {
            Coding coding = codings.get(i);
            if (!coding.hasSystem() || !coding.hasCode()) {
                throw fault(element + ".coding[" + i + "]", "a coding needs a system and a code");
            }
            known |= systems.contains(coding.getSystem());
        }
        if (!known) {
            throw fault("OW-1204", element, "needs a coding from " + String.join(" or ", systems.stream().sorted().toList()));
        }
    }

    /** A concept that, when given, has a coding from one of the systems. */
    void codedIfPresent(String element, CodeableConcept concept, Set<String> systems) {
        if (concept != null && !concept.isEmpty()) {
            coded(element, concept, systems);
        }
    }

    /** A quantity with a value and, when it has a unit, its UCUM code. */
    void quantity(String element, Quantity quantity) {
        required(element + ".value", quantity.hasValue());
        if (quantity.hasUnit() || quantity.hasCode() || quantity.hasSystem()) {
            if (!UCUM.equals(quantity.getSystem()) || !quantity.hasCode()) {
                throw fault("OW-1204", element, "the unit must be a UCUM code (system " + UCUM + " and code)");
            }
        }
    }

    /** A period that, when given, starts no later than it ends. */
    void period(String element, Period period) {
        if (period != null && period.hasStart() && period.hasEnd() && period.getEnd().before(period.getStart())) {
            throw fault("OW-1205", element + ".end", "ends before it starts");
        }
    }

    /** A range's bounds in the same unit, low not above high. */
    void range(String element, Quantity low, Quantity high) {
        if (low != null && !low.isEmpty()) {
            quantity(element + ".low", low);
        }
        if (high != null && !high.isEmpty()) {
            quantity(element + ".high", high);
        }
        if (low != null && high != null && low.hasValue() && high.hasValue()) {
            BigDecimal l = low.getValue();
            if (l.compareTo(high.getValue()) > 0) {
                throw fault("OW-1205", element, "low is above high");
            }
        }
    }
}
