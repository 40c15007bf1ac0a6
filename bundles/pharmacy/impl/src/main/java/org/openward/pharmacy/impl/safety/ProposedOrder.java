package org.openward.pharmacy.impl.safety;

import java.util.Objects;

import org.openward.pharmacy.impl.formulary.FormularyDrug;

/**
 * The order being checked, already validated.
 *
 * @param drug        the formulary drug ordered
 * @param dose        one dose, in the drug's dose unit
 * @param dosesPerDay how many doses a day its frequency gives; 0 for an as-needed order without
 *                    a frequency, when {@link FormularyDrug#maxDosesPerDayAsNeeded()} is assumed
 * @param asNeeded    the order is as needed (PRN)
 */
public record ProposedOrder(FormularyDrug drug, double dose, double dosesPerDay, boolean asNeeded) {

    public ProposedOrder {
        Objects.requireNonNull(drug, "drug");
        if (!(dose > 0 && Double.isFinite(dose))) {
            throw new IllegalArgumentException("dose must be a positive number, not " + dose);
        }
        if (!(dosesPerDay >= 0 && Double.isFinite(dosesPerDay))) {
            throw new IllegalArgumentException("dosesPerDay must be zero or more, not " + dosesPerDay);
        }
    }
}
