package org.openward.records.impl.chart;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceReactionComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * Allergies and intolerances: the substance by RxNorm or SNOMED CT code, or a whole drug class
 * (ATC, MED-RT); reactions with their manifestations and severity; criticality.
 */
final class AllergyIntoleranceProfile extends ChartProfile<AllergyIntolerance> {

    static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    static final String VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
    static final String CATEGORY = "http://hl7.org/fhir/allergy-intolerance-category";

    AllergyIntoleranceProfile() {
        super(AllergyIntolerance.class, "patient", new Parameters("date", "code", "category", "clinical-status"));
    }

    @Override
    Reference patient(AllergyIntolerance allergy) {
        return allergy.getPatient();
    }

    @Override
    void check(AllergyIntolerance allergy, Checks checks) {
        checks.coded("code", allergy.getCode(), Set.of(Checks.RXNORM, Checks.SNOMED, Checks.ATC, Checks.MEDRT));
        checks.codedIfPresent("verificationStatus", allergy.getVerificationStatus(), Set.of(VERIFICATION));
        if (enteredInError(allergy)) {
            if (allergy.hasClinicalStatus()) {
                throw checks.fault("OW-1205", "clinicalStatus", "an allergy entered in error has no clinical status");
            }
        } else {
            checks.coded("clinicalStatus", allergy.getClinicalStatus(), Set.of(CLINICAL));
        }
        List<AllergyIntoleranceReactionComponent> reactions = allergy.getReaction();
        for (int i = 0; i < reactions.size(); i++) {
            AllergyIntoleranceReactionComponent reaction = reactions.get(i);
            checks.required("reaction[" + i + "].manifestation", reaction.hasManifestation());
            for (int j = 0; j < reaction.getManifestation().size(); j++) {
                checks.coded("reaction[" + i + "].manifestation[" + j + "]", reaction.getManifestation().get(j),
                        Set.of(Checks.SNOMED));
            }
            checks.codedIfPresent("reaction[" + i + "].substance", reaction.getSubstance(),
                    Set.of(Checks.RXNORM, Checks.SNOMED, Checks.ATC, Checks.MEDRT));
        }
    }

    @Override
    Instant date(AllergyIntolerance allergy) {
        if (allergy.hasRecordedDate()) {
            return instant(allergy.getRecordedDate());
        }
        return allergy.hasOnsetDateTimeType() ? instant(allergy.getOnsetDateTimeType().getValue()) : null;
    }

    /** The pharmacy screens active orders again when an allergy is recorded or changed. */
    @Override
    String eventType() {
        return "records.allergy-recorded";
    }

    @Override
    List<Coding> codes(AllergyIntolerance allergy) {
        return codings(allergy.getCode());
    }

    @Override
    List<Coding> categories(AllergyIntolerance allergy) {
        return allergy.getCategory().stream().map(c -> new Coding(CATEGORY, c.getValueAsString(), null)).toList();
    }

    @Override
    String status(AllergyIntolerance allergy) {
        String code = code(allergy.getClinicalStatus(), CLINICAL);
        return code == null ? "entered-in-error" : code;
    }

    @Override
    boolean enteredInError(AllergyIntolerance allergy) {
        return "entered-in-error".equals(code(allergy.getVerificationStatus(), VERIFICATION));
    }

    @Override
    void markEnteredInError(AllergyIntolerance allergy) {
        allergy.setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION, "entered-in-error", "Entered in Error")));
        allergy.setClinicalStatus(null);
    }
}
