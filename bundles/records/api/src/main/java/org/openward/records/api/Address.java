package org.openward.records.api;

import java.util.List;

/** A postal address. {@code use} is a FHIR AddressUse code or null. */
public record Address(String use, List<String> lines, String city, String district, String state,
        String postalCode, String country) {

    public Address {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
