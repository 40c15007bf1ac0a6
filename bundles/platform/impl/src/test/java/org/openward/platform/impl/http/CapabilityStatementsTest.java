package org.openward.platform.impl.http;

import static org.junit.Assert.assertEquals;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.junit.Test;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearchParameter;

public class CapabilityStatementsTest {

    /** A provider as a module would register one; it serves nothing here, only describes itself. */
    private static FhirResourceProvider provider(String type, Set<FhirInteraction> interactions, String... parameters) {
        return new FhirResourceProvider() {
            @Override
            public String resourceType() {
                return type;
            }

            @Override
            public Set<FhirInteraction> interactions() {
                return interactions;
            }

            @Override
            public List<FhirSearchParameter> searchParameters() {
                return List.of(parameters).stream()
                        .map(name -> new FhirSearchParameter(name, FhirSearchParameter.Type.STRING, "about " + name))
                        .toList();
            }
        };
    }

    @Test
    public void listsExactlyTheProvidedTypesWithTheirInteractionsAndParameters() {
        CapabilityStatement statement = new CapabilityStatements("1.2.3").build("http://host/fhir/", List.of(
                provider("Patient", EnumSet.allOf(FhirInteraction.class), "name", "birthdate"),
                provider("AuditEvent", EnumSet.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE), "patient")));
        assertEquals("4.0.1", statement.getFhirVersion().toCode());
        assertEquals("1.2.3", statement.getSoftware().getVersion());
        List<CapabilityStatementRestResourceComponent> resources = statement.getRestFirstRep().getResource();
        assertEquals(List.of("AuditEvent", "Patient"), resources.stream().map(r -> r.getType()).toList());
        assertEquals(List.of("read", "search-type"),
                resources.get(0).getInteraction().stream().map(i -> i.getCode().toCode()).toList());
        assertEquals(List.of("name", "birthdate"),
                resources.get(1).getSearchParam().stream().map(p -> p.getName()).toList());
        assertEquals(0, new CapabilityStatements("1").build("x", List.of()).getRestFirstRep().getResource().size());
    }
}
