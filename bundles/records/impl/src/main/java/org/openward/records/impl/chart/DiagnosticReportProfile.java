package org.openward.records.impl.chart;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.Reference;

/** Panels: a LOINC-coded report grouping the patient's Observations it resulted in. */
final class DiagnosticReportProfile extends ChartProfile<DiagnosticReport> {

    static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/v2-0074";

    DiagnosticReportProfile() {
        super(DiagnosticReport.class, "subject", new Parameters("date", "code", "category", "status"));
    }

    @Override
    Reference patient(DiagnosticReport report) {
        return report.getSubject();
    }

    @Override
    void check(DiagnosticReport report, Checks checks) {
        checks.required("status", report.hasStatus());
        checks.coded("code", report.getCode(), Set.of(Checks.LOINC));
        for (int i = 0; i < report.getCategory().size(); i++) {
            checks.coded("category[" + i + "]", report.getCategory().get(i), Set.of(CATEGORY));
        }
        checks.required("effective[x]", report.hasEffectiveDateTimeType() || report.hasEffectivePeriod());
        if (report.hasEffectivePeriod()) {
            checks.required("effectivePeriod.start", report.getEffectivePeriod().hasStart());
            checks.period("effectivePeriod", report.getEffectivePeriod());
        }
        for (int i = 0; i < report.getResult().size(); i++) {
            String reference = report.getResult().get(i).getReference();
            if (reference == null || !reference.startsWith("Observation/")) {
                throw checks.fault("OW-1202", "result[" + i + "]", "must refer to an Observation (Observation/{id})");
            }
        }
    }

    @Override
    Instant date(DiagnosticReport report) {
        if (report.hasEffectiveDateTimeType()) {
            return instant(report.getEffectiveDateTimeType().getValue());
        }
        return report.hasEffectivePeriod() ? instant(report.getEffectivePeriod().getStart()) : null;
    }

    @Override
    List<Coding> codes(DiagnosticReport report) {
        return codings(report.getCode());
    }

    @Override
    List<Coding> categories(DiagnosticReport report) {
        return codings(report.getCategory());
    }

    @Override
    String status(DiagnosticReport report) {
        return report.getStatus().toCode();
    }

    @Override
    boolean enteredInError(DiagnosticReport report) {
        return report.getStatus() == DiagnosticReportStatus.ENTEREDINERROR;
    }

    @Override
    void markEnteredInError(DiagnosticReport report) {
        report.setStatus(DiagnosticReportStatus.ENTEREDINERROR);
    }
}
