package org.openward.records.api;

/**
 * An identifier issued by some authority: {@code system} names the namespace (a URI), {@code
 * value} the identifier in it. {@code use} is a FHIR IdentifierUse code or null.
 */
public record Identifier(String system, String value, String use) {
}
