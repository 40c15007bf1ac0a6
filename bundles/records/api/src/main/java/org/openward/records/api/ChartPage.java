package org.openward.records.api;

import java.util.List;

import org.hl7.fhir.r4.model.DomainResource;

/** One page of a chart search and the number of matches in all. */
public record ChartPage(int total, List<DomainResource> resources) {

    public ChartPage {
        resources = List.copyOf(resources);
    }
}
