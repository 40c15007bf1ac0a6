package org.openward.platform.api.fhir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A search as the front door received it, with paging already checked. Parameter names keep
 * their modifier ({@code name:exact}); each name maps to its values in request order (a
 * repeated parameter is an AND, commas inside one value an OR, as FHIR defines). The front door
 * has already refused parameters the provider does not declare.
 */
public final class FhirSearch {

    private final Map<String, List<String>> parameters;
    private final int offset;
    private final int count;
    private final List<String> sort;

    public FhirSearch(Map<String, List<String>> parameters, int offset, int count) {
        this(parameters, offset, count, List.of());
    }

    /**
     * @param sort the {@code _sort} keys in order, each a parameter name, {@code -} before it for
     *        descending order; unchecked: the provider refuses keys it does not sort by
     */
    public FhirSearch(Map<String, List<String>> parameters, int offset, int count, List<String> sort) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.parameters = Map.copyOf(copy);
        this.offset = offset;
        this.count = count;
        this.sort = List.copyOf(sort);
    }

    /** Parameter names as sent, modifiers included. */
    public Set<String> names() {
        return parameters.keySet();
    }

    /** Every value sent for this exact name (modifier included); empty when absent. */
    public List<String> values(String name) {
        return parameters.getOrDefault(name, List.of());
    }

    /** Index of the first match to return. */
    public int offset() {
        return offset;
    }

    /** How many matches to return at most; {@code 0} asks for the total only. */
    public int count() {
        return count;
    }

    /** The sort keys asked for ({@code _sort=-date,code}); empty for the provider's own order. */
    public List<String> sort() {
        return sort;
    }
}
