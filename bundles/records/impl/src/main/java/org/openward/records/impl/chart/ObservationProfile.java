package org.openward.records.impl.chart;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Laboratory results and vital signs: a LOINC code, a value in UCUM units, reference ranges, and
 * the abnormal flag (interpretation), which the server works out from the first reference range
 * when the sender gave none.
 */
final class ObservationProfile extends ChartProfile<Observation> {

    static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    ObservationProfile() {
        super(Observation.class, "subject", new Parameters("date", "code", "category", "status"));
    }

    @Override
    Reference patient(Observation observation) {
        return observation.getSubject();
    }

    @Override
    void check(Observation observation, Checks checks) {
        checks.required("status", observation.hasStatus());
        checks.coded("code", observation.getCode(), Set.of(Checks.LOINC));
        for (int i = 0; i < observation.getCategory().size(); i++) {
            checks.coded("category[" + i + "]", observation.getCategory().get(i), Set.of(CATEGORY));
        }
        checks.required("effective[x]", observation.hasEffectiveDateTimeType() || observation.hasEffectivePeriod()
                || observation.hasEffectiveInstantType());
        if (observation.hasEffectivePeriod()) {
            checks.required("effectivePeriod.start", observation.getEffectivePeriod().hasStart());
            checks.period("effectivePeriod", observation.getEffectivePeriod());
        }
        if (observation.hasValue() && observation.hasDataAbsentReason()) {
            throw checks.fault("OW-1205", "dataAbsentReason", "a value and a reason for its absence exclude each other");
        }
        if (observation.hasValueQuantity()) {
            checks.quantity("valueQuantity", observation.getValueQuantity());
        }
        ranges(checks, "referenceRange", observation.getReferenceRange());
        for (int i = 0; i < observation.getComponent().size(); i++) {
            ObservationComponentComponent component = observation.getComponent().get(i);
            String element = "component[" + i + "]";
            checks.coded(element + ".code", component.getCode(), Set.of(Checks.LOINC));
            if (component.hasValueQuantity()) {
                checks.quantity(element + ".valueQuantity", component.getValueQuantity());
            }
            ranges(checks, element + ".referenceRange", component.getReferenceRange());
        }
    }

    private static void ranges(Checks checks, String element, List<ObservationReferenceRangeComponent> ranges) {
        for (int i = 0; i < ranges.size(); i++) {
            ObservationReferenceRangeComponent range = ranges.get(i);
            checks.range(element + "[" + i + "]", range.getLow(), range.getHigh());
        }
    }

    @Override
    void complete(Observation observation, Observation previous, Author author) {
        if (!observation.hasInterpretation() && observation.hasValueQuantity()) {
            flag(observation.getValueQuantity(), observation.getReferenceRange(), observation.getInterpretation());
        }
        for (ObservationComponentComponent component : observation.getComponent()) {
            if (!component.hasInterpretation() && component.hasValueQuantity()) {
                flag(component.getValueQuantity(), component.getReferenceRange(), component.getInterpretation());
            }
        }
    }

    /** H above the first range's high, L below its low, N within; nothing without a comparable range. */
    private static void flag(Quantity value, List<ObservationReferenceRangeComponent> ranges,
            List<CodeableConcept> interpretation) {
        if (ranges.isEmpty()) {
            return;
        }
        ObservationReferenceRangeComponent range = ranges.get(0);
        Quantity low = range.hasLow() ? range.getLow() : null;
        Quantity high = range.hasHigh() ? range.getHigh() : null;
        if ((low == null && high == null) || !sameUnit(value, low) || !sameUnit(value, high)) {
            return;
        }
        String code;
        String display;
        if (low != null && value.getValue().compareTo(low.getValue()) < 0) {
            code = "L";
            display = "Low";
        } else if (high != null && value.getValue().compareTo(high.getValue()) > 0) {
            code = "H";
            display = "High";
        } else {
            code = "N";
            display = "Normal";
        }
        interpretation.add(new CodeableConcept(new Coding(INTERPRETATION, code, display)));
    }

    private static boolean sameUnit(Quantity value, Quantity bound) {
        return bound == null || (bound.hasValue() && Objects.equals(value.getCode(), bound.getCode()));
    }

    @Override
    Instant date(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return instant(observation.getEffectiveDateTimeType().getValue());
        }
        if (observation.hasEffectivePeriod()) {
            return instant(observation.getEffectivePeriod().getStart());
        }
        return observation.hasEffectiveInstantType() ? instant(observation.getEffectiveInstantType().getValue()) : null;
    }

    @Override
    List<Coding> codes(Observation observation) {
        return codings(observation.getCode());
    }

    @Override
    List<Coding> categories(Observation observation) {
        return codings(observation.getCategory());
    }

    @Override
    String status(Observation observation) {
        return observation.getStatus().toCode();
    }

    @Override
    boolean enteredInError(Observation observation) {
        return observation.getStatus() == ObservationStatus.ENTEREDINERROR;
    }

    @Override
    void markEnteredInError(Observation observation) {
        observation.setStatus(ObservationStatus.ENTEREDINERROR);
    }
}
