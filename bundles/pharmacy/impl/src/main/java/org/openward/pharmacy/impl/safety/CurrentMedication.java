package org.openward.pharmacy.impl.safety;

import java.util.Objects;

import org.openward.pharmacy.spi.DrugConcept;

/**
 * A drug the patient already takes, with where it was found.
 *
 * @param drug   the drug (for a code outside the formulary, {@code Formulary.concept(code, display)})
 * @param source where it was found, for example {@code order MedicationRequest/12} or
 *               {@code recorded MedicationStatement/ab}; shown as the evidence of duplicate-therapy alerts
 */
public record CurrentMedication(DrugConcept drug, String source) {

    public CurrentMedication {
        Objects.requireNonNull(drug, "drug");
        Objects.requireNonNull(source, "source");
    }
}
