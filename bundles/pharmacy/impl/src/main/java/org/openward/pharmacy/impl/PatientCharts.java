package org.openward.pharmacy.impl;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.openward.pharmacy.impl.formulary.Formulary;
import org.openward.pharmacy.impl.safety.CurrentMedication;
import org.openward.records.api.ChartQuery;
import org.openward.records.api.ChartService;
import org.openward.records.api.PatientService;

/**
 * What the pharmacy reads from a patient's record, always through the records module's API
 * and under the caller's own permissions (so a chart outside the caller's care stays closed
 * to the pharmacy too, and every read is on the audit trail).
 */
public final class PatientCharts {

    private static final String LOINC = "http://loinc.org";
    private static final String BODY_WEIGHT = "29463-7";
    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    private final ChartService chart;
    private final PatientService patients;

    public PatientCharts(ChartService chart, PatientService patients) {
        this.chart = chart;
        this.patients = patients;
    }

    /**
     * Refuses unless the caller may read this patient's medications in the chart (their care,
     * a break-glass grant, or a role that reads every chart); the records module audits the look.
     */
    public void requireChart(String patientId) {
        chart.search(ChartQuery.all("MedicationStatement", patientId, 0, 0));
    }

    /** The patient's allergy records (the checks keep the active ones). */
    public List<AllergyIntolerance> allergies(String patientId) {
        List<AllergyIntolerance> allergies = new ArrayList<>();
        for (DomainResource resource : chart.search(ChartQuery.all("AllergyIntolerance", patientId, 0, 100)).resources()) {
            allergies.add((AllergyIntolerance) resource);
        }
        return allergies;
    }

    /** The most recent body weight in kilograms, or {@code null}. */
    public Double weightKg(String patientId) {
        ChartQuery query = new ChartQuery("Observation", patientId, null, null,
                List.of(new ChartQuery.Token(LOINC, BODY_WEIGHT)), List.of(), List.of(), true, 0, 1);
        for (DomainResource resource : chart.search(query).resources()) {
            Observation weight = (Observation) resource;
            if (weight.hasValueQuantity() && weight.getValueQuantity().hasValue()) {
                double value = weight.getValueQuantity().getValue().doubleValue();
                String unit = weight.getValueQuantity().getCode();
                return "g".equals(unit) ? value / 1000 : "[lb_av]".equals(unit) ? value * 0.45359237 : value;
            }
        }
        return null;
    }

    /** Medications recorded in the chart as being taken (home medications). */
    public List<CurrentMedication> recordedMedications(String patientId, Formulary formulary) {
        List<CurrentMedication> current = new ArrayList<>();
        for (DomainResource resource : chart.search(ChartQuery.all("MedicationStatement", patientId, 0, 100)).resources()) {
            MedicationStatement statement = (MedicationStatement) resource;
            if (statement.getStatus() != MedicationStatement.MedicationStatementStatus.ACTIVE
                    || !statement.hasMedicationCodeableConcept()) {
                continue;
            }
            for (Coding coding : statement.getMedicationCodeableConcept().getCoding()) {
                if (RXNORM.equals(coding.getSystem()) && coding.hasCode()) {
                    current.add(new CurrentMedication(formulary.concept(coding.getCode(), coding.getDisplay()),
                            "recorded MedicationStatement/" + statement.getIdElement().getIdPart()));
                    break;
                }
            }
        }
        return current;
    }

    /** The patient's medical record number (their wristband carries it). */
    public String mrn(String patientId) {
        return patients.get(patientId).mrn();
    }
}
