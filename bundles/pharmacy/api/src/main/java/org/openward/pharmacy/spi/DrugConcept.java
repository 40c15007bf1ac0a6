package org.openward.pharmacy.spi;

import java.util.Objects;
import java.util.Set;

/**
 * A drug as the safety checks see it: its RxNorm concept, the RxNorm ingredients it contains
 * and the therapeutic classes it belongs to (lower-case names such as {@code penicillins},
 * {@code nsaids}, {@code opioids}; the formulary's list is in docs/pharmacy.md).
 */
public record DrugConcept(String rxnorm, String name, Set<String> ingredients, Set<String> classes) {

    public DrugConcept {
        Objects.requireNonNull(rxnorm, "rxnorm");
        Objects.requireNonNull(name, "name");
        ingredients = Set.copyOf(ingredients);
        classes = Set.copyOf(classes);
    }

    /** Whether the two share an ingredient. */
    public boolean sharesIngredientWith(DrugConcept other) {
        return ingredients.stream().anyMatch(other.ingredients::contains);
    }
}
