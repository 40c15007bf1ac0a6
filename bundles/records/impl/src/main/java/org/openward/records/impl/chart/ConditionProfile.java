package org.openward.records.impl.chart;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;

/** Problems and diagnoses, coded in ICD-10-CM or SNOMED CT. */
final class ConditionProfile extends ChartProfile<Condition> {

    static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    static final String VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";

    ConditionProfile() {
        super(Condition.class, "subject", new Parameters("onset-date", "code", "category", "clinical-status"));
    }

    @Override
    Reference patient(Condition condition) {
        return condition.getSubject();
    }

    @Override
    void check(Condition condition, Checks checks) {
        checks.coded("code", condition.getCode(), Set.of(Checks.ICD10CM, Checks.SNOMED));
        checks.codedIfPresent("verificationStatus", condition.getVerificationStatus(), Set.of(VERIFICATION));
        if (enteredInError(condition)) {
            if (condition.hasClinicalStatus()) {
                throw checks.fault("OW-1205", "clinicalStatus", "a condition entered in error has no clinical status");
            }
        } else {
            checks.coded("clinicalStatus", condition.getClinicalStatus(), Set.of(CLINICAL));
        }
        for (int i = 0; i < condition.getCategory().size(); i++) {
            checks.coded("category[" + i + "]", condition.getCategory().get(i), Set.of(CATEGORY));
        }
    }

    @Override
    Instant date(Condition condition) {
        if (condition.hasOnsetDateTimeType()) {
            return instant(condition.getOnsetDateTimeType().getValue());
        }
        return instant(condition.getRecordedDate());
    }

    @Override
    List<Coding> codes(Condition condition) {
        return codings(condition.getCode());
    }

    @Override
    List<Coding> categories(Condition condition) {
        return codings(condition.getCategory());
    }

    @Override
    String status(Condition condition) {
        String code = code(condition.getClinicalStatus(), CLINICAL);
        return code == null ? "entered-in-error" : code;
    }

    @Override
    boolean enteredInError(Condition condition) {
        return "entered-in-error".equals(code(condition.getVerificationStatus(), VERIFICATION));
    }

    @Override
    void markEnteredInError(Condition condition) {
        condition.setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION, "entered-in-error", "Entered in Error")));
        condition.setClinicalStatus(null);
    }
}
