package org.openward.platform.api.fhir;

import java.util.List;

import org.hl7.fhir.r4.model.Resource;

/** One page of matches and how many there are in all. */
public final class FhirSearchResult {

    private final int total;
    private final List<Resource> resources;

    public FhirSearchResult(int total, List<? extends Resource> resources) {
        if (total < resources.size()) {
            throw new IllegalArgumentException("total " + total + " is below the page size " + resources.size());
        }
        this.total = total;
        this.resources = List.copyOf(resources);
    }

    public int total() {
        return total;
    }

    public List<Resource> resources() {
        return resources;
    }
}
