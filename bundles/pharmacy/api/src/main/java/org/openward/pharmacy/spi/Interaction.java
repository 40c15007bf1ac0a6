package org.openward.pharmacy.spi;

import java.util.Objects;

/**
 * A drug–drug interaction found between the drug being ordered and one the patient already takes.
 *
 * @param with     the drug already taken that interacts
 * @param severity how serious the interaction is
 * @param summary  what happens, in a sentence a prescriber reads at the order screen
 * @param evidence where this comes from (a citation or the knowledge base's reference)
 */
public record Interaction(DrugConcept with, Severity severity, String summary, String evidence) {

    public Interaction {
        Objects.requireNonNull(with, "with");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(evidence, "evidence");
    }
}
