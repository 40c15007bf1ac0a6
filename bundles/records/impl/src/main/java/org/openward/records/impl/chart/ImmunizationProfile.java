package org.openward.records.impl.chart;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Immunization.ImmunizationStatus;
import org.hl7.fhir.r4.model.Reference;

/** Immunizations: the vaccine by CVX code, when it was given, lot and expiry. */
final class ImmunizationProfile extends ChartProfile<Immunization> {

    ImmunizationProfile() {
        super(Immunization.class, "patient", new Parameters("date", "vaccine-code", null, "status"));
    }

    @Override
    Reference patient(Immunization immunization) {
        return immunization.getPatient();
    }

    @Override
    void check(Immunization immunization, Checks checks) {
        checks.required("status", immunization.hasStatus());
        checks.coded("vaccineCode", immunization.getVaccineCode(), Set.of(Checks.CVX));
        checks.required("occurrenceDateTime", immunization.hasOccurrenceDateTimeType());
        if (immunization.hasExpirationDate() && immunization.getOccurrenceDateTimeType().getValue()
                .after(immunization.getExpirationDate())
                && immunization.getStatus() == ImmunizationStatus.COMPLETED) {
            throw checks.fault("OW-1205", "expirationDate", "the lot had expired when it was given");
        }
        if (immunization.hasDoseQuantity()) {
            checks.quantity("doseQuantity", immunization.getDoseQuantity());
        }
    }

    @Override
    Instant date(Immunization immunization) {
        return immunization.hasOccurrenceDateTimeType() ? instant(immunization.getOccurrenceDateTimeType().getValue()) : null;
    }

    @Override
    List<Coding> codes(Immunization immunization) {
        return codings(immunization.getVaccineCode());
    }

    @Override
    List<Coding> categories(Immunization immunization) {
        return List.of();
    }

    @Override
    String status(Immunization immunization) {
        return immunization.getStatus().toCode();
    }

    @Override
    boolean enteredInError(Immunization immunization) {
        return immunization.getStatus() == ImmunizationStatus.ENTEREDINERROR;
    }

    @Override
    void markEnteredInError(Immunization immunization) {
        immunization.setStatus(ImmunizationStatus.ENTEREDINERROR);
    }
}
