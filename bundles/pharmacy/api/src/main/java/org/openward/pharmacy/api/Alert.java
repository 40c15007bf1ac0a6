package org.openward.pharmacy.api;

import java.util.Objects;

import org.openward.pharmacy.spi.Severity;

/**
 * One finding of the order checks.
 *
 * @param key      stable for the same finding on the same order, for example
 *                 {@code drug-allergy:7980}; an override names the alert by its key
 * @param kind     what was found
 * @param severity {@link Severity#HIGH} stops the order unless overridden with a reason
 * @param message  what the prescriber reads
 * @param evidence why: the allergy record, the knowledge base and its citation, the range used
 */
public record Alert(String key, AlertKind kind, Severity severity, String message, String evidence) {

    public Alert {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(evidence, "evidence");
    }
}
