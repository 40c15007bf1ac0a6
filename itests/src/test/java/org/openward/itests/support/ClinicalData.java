package org.openward.itests.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;

/** Synthetic clinical resources the tests send: orders, allergies, operation parameters. */
public final class ClinicalData {

    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    private ClinicalData() {
    }

    /** A drug by mouth in mg, once a day from a minute ago (so a dose is due now). */
    public static MedicationRequest oralOnceADay(String patientId, String rxnorm, int mg) {
        MedicationRequest order = new MedicationRequest();
        order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.setSubject(new Reference("Patient/" + patientId));
        order.setMedication(new CodeableConcept(new Coding(RXNORM, rxnorm, null)));
        var dosage = order.addDosageInstruction();
        dosage.addDoseAndRate().setDose(new Quantity().setValue(BigDecimal.valueOf(mg)).setUnit("mg")
                .setSystem("http://unitsofmeasure.org").setCode("mg"));
        dosage.setRoute(new CodeableConcept(new Coding("http://snomed.info/sct", "26643006", "Oral")));
        dosage.getTiming().getRepeat().setFrequency(1).setPeriod(24).setPeriodUnit(Timing.UnitsOfTime.H)
                .setBounds(new Period().setStart(Date.from(Instant.now().minusSeconds(60))));
        return order;
    }

    /** An active, high-criticality allergy to penicillin G (RxNorm 7980). */
    public static AllergyIntolerance penicillinAllergy(String patientId) {
        AllergyIntolerance allergy = new AllergyIntolerance();
        allergy.setPatient(new Reference("Patient/" + patientId));
        allergy.setClinicalStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", null)));
        allergy.setCriticality(AllergyIntolerance.AllergyIntoleranceCriticality.HIGH);
        allergy.setCode(new CodeableConcept(new Coding(RXNORM, "7980", "penicillin G")));
        return allergy;
    }

    /** Operation parameters from name/value pairs (integers or strings). */
    public static Parameters parameters(Object... nameValue) {
        Parameters parameters = new Parameters();
        for (int i = 0; i < nameValue.length; i += 2) {
            Object value = nameValue[i + 1];
            parameters.addParameter().setName((String) nameValue[i])
                    .setValue(value instanceof Integer n ? new IntegerType(n) : new StringType((String) value));
        }
        return parameters;
    }
}
