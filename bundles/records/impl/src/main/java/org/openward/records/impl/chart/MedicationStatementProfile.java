package org.openward.records.impl.chart;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus;
import org.hl7.fhir.r4.model.Reference;

/** The medication list: what the patient takes or took, by RxNorm code, with the dosage. */
final class MedicationStatementProfile extends ChartProfile<MedicationStatement> {

    MedicationStatementProfile() {
        super(MedicationStatement.class, "subject", new Parameters("effective", "code", "category", "status"));
    }

    @Override
    Reference patient(MedicationStatement statement) {
        return statement.getSubject();
    }

    @Override
    void check(MedicationStatement statement, Checks checks) {
        checks.required("status", statement.hasStatus());
        if (statement.hasMedicationReference()) {
            throw checks.fault("OW-1205", "medicationReference", "this server keeps no Medication resources;"
                    + " give the drug as medicationCodeableConcept (RxNorm)");
        }
        checks.coded("medicationCodeableConcept", statement.hasMedicationCodeableConcept()
                ? statement.getMedicationCodeableConcept() : null, Set.of(Checks.RXNORM));
        if (statement.hasEffectivePeriod()) {
            checks.period("effectivePeriod", statement.getEffectivePeriod());
        }
    }

    @Override
    Instant date(MedicationStatement statement) {
        if (statement.hasEffectiveDateTimeType()) {
            return instant(statement.getEffectiveDateTimeType().getValue());
        }
        if (statement.hasEffectivePeriod()) {
            return instant(statement.getEffectivePeriod().getStart());
        }
        return instant(statement.getDateAsserted());
    }

    @Override
    List<Coding> codes(MedicationStatement statement) {
        return statement.hasMedicationCodeableConcept() ? codings(statement.getMedicationCodeableConcept()) : List.of();
    }

    @Override
    List<Coding> categories(MedicationStatement statement) {
        return codings(statement.getCategory());
    }

    @Override
    String status(MedicationStatement statement) {
        return statement.getStatus().toCode();
    }

    @Override
    boolean enteredInError(MedicationStatement statement) {
        return statement.getStatus() == MedicationStatementStatus.ENTEREDINERROR;
    }

    @Override
    void markEnteredInError(MedicationStatement statement) {
        statement.setStatus(MedicationStatementStatus.ENTEREDINERROR);
    }
}
