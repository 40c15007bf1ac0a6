package org.openward.pharmacy.impl.formulary;

import java.util.Objects;
import java.util.Set;

import org.openward.pharmacy.spi.DrugConcept;

/**
 * An orderable drug, at RxNorm ingredient level (TTY=IN), for example {@code 723} amoxicillin.
 *
 * @param rxnorm                 the drug's RxNorm code, what an order names
 * @param name                   the ingredient name as prescribers read it
 * @param ingredients            the RxNorm ingredient codes it contains (for an ingredient-level drug, its own code)
 * @param classes                therapeutic classes, lower-case and hyphenated ({@code penicillins}, {@code nsaids}…)
 * @param doseUnit               the UCUM unit doses are ordered in: {@code mg}, {@code ug}, {@code [iU]},
 *                               {@code mmol}, {@code mL} or {@code {puff}}
 * @param routes                 SNOMED CT route codes it may be ordered by: 26643006 oral, 47625008
 *                               intravenous, 34206005 subcutaneous, 78421000 intramuscular, 447694001
 *                               respiratory tract (inhaled)
 * @param limits                 its dose limits
 * @param highAlert              administration needs a second person's check
 * @param maxDosesPerDayAsNeeded for as-needed orders, the most doses a day assumed by the daily-dose check
 */
public record FormularyDrug(String rxnorm, String name, Set<String> ingredients, Set<String> classes, String doseUnit,
        Set<String> routes, DoseLimits limits, boolean highAlert, int maxDosesPerDayAsNeeded) {

    public FormularyDrug {
        Objects.requireNonNull(rxnorm, "rxnorm");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(doseUnit, "doseUnit");
        Objects.requireNonNull(limits, "limits");
        ingredients = Set.copyOf(ingredients);
        classes = Set.copyOf(classes);
        routes = Set.copyOf(routes);
        if (ingredients.isEmpty()) {
            throw new IllegalArgumentException("a drug needs at least one ingredient");
        }
        if (maxDosesPerDayAsNeeded < 1) {
            throw new IllegalArgumentException("maxDosesPerDayAsNeeded must be at least 1");
        }
    }

    /** The drug as the safety checks and interaction knowledge bases see it. */
    public DrugConcept concept() {
        return new DrugConcept(rxnorm, name, ingredients, classes);
    }
}
