package org.openward.pharmacy.impl.safety;

import java.util.List;

import org.hl7.fhir.r4.model.AllergyIntolerance;

/**
 * What the order checks know about the patient.
 *
 * @param allergies FHIR AllergyIntolerance records, coded with RxNorm ingredient codes (system
 *                  {@code http://www.nlm.nih.gov/research/umls/rxnorm}). Only records whose
 *                  clinical status is active (or absent) and whose verification status is neither
 *                  refuted nor entered-in-error count; records without an RxNorm coding are skipped
 * @param current   the drugs the patient already takes (active orders and recorded medications),
 *                  without the order being checked or modified
 * @param weightKg  the patient's weight in kilograms, {@code null} when none is recorded
 */
public record PatientContext(List<AllergyIntolerance> allergies, List<CurrentMedication> current, Double weightKg) {

    public PatientContext {
        allergies = allergies == null ? List.of() : List.copyOf(allergies);
        current = current == null ? List.of() : List.copyOf(current);
        if (weightKg != null && !(weightKg > 0 && Double.isFinite(weightKg))) {
            throw new IllegalArgumentException("weightKg must be a positive number, not " + weightKg);
        }
    }
}
