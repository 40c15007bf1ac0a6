package org.openward.records.api;

/**
 * A phone number, e-mail address and the like. {@code system} and {@code use} are FHIR codes
 * ({@code phone}, {@code email}, ...; {@code home}, {@code work}, {@code mobile}, ...).
 */
public record ContactPoint(String system, String value, String use) {
}
