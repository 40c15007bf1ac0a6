package org.openward.platform.impl.http;

import java.util.Collection;
import java.util.Comparator;
import java.util.Date;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearchParameter;

/** The CapabilityStatement of this server: exactly the resource types installed modules serve. */
final class CapabilityStatements {

    private final String softwareVersion;

    CapabilityStatements(String softwareVersion) {
        this.softwareVersion = softwareVersion;
    }

    CapabilityStatement build(String baseUrl, Collection<FhirResourceProvider> providers) {
        CapabilityStatement statement = new CapabilityStatement();
        statement.setStatus(PublicationStatus.ACTIVE);
        statement.setDate(new Date());
        statement.setPublisher("OpenWard");
        statement.setKind(CapabilityStatementKind.INSTANCE);
        statement.setFhirVersion(FHIRVersion._4_0_1);
        statement.addFormat("application/fhir+json");
        statement.getSoftware().setName("OpenWard").setVersion(softwareVersion);
        statement.getImplementation().setDescription("OpenWard FHIR R4 API").setUrl(baseUrl);

        CapabilityStatementRestComponent rest = statement.addRest().setMode(RestfulCapabilityMode.SERVER);
        rest.getSecurity().setCors(false).setDescription(
                "Every request except this CapabilityStatement needs 'Authorization: Bearer <token>'; "
                        + "get a token with POST /api/auth/login.");
        providers.stream()
                .sorted(Comparator.comparing(FhirResourceProvider::resourceType))
                .forEach(provider -> rest.addResource(resource(provider)));
        return statement;
    }

    /** Where OpenWard's OperationDefinitions would be published; the operations are described in docs/. */
    private static final String OPERATION_BASE = "https://openward.org/fhir/OperationDefinition/";

    private static CapabilityStatementRestResourceComponent resource(FhirResourceProvider provider) {
        CapabilityStatementRestResourceComponent resource = new CapabilityStatementRestResourceComponent();
        resource.setType(provider.resourceType());
        resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONED);
        resource.setReadHistory(false);
        resource.setUpdateCreate(false);
        provider.interactions().stream().sorted().forEach(interaction ->
                resource.addInteraction().setCode(toFhir(interaction)));
        for (FhirSearchParameter parameter : provider.searchParameters()) {
            resource.addSearchParam()
                    .setName(parameter.name())
                    .setType(SearchParamType.fromCode(parameter.type().code()))
                    .setDocumentation(parameter.documentation());
        }
        // the operations, each named once (on the type or on one resource), for clients to find
        new java.util.TreeSet<>(provider.typeOperations()).forEach(name -> resource.addOperation().setName(name)
                .setDefinition(OPERATION_BASE + provider.resourceType() + "-" + name)
                .setDocumentation("on the type: " + provider.resourceType() + "/$" + name));
        new java.util.TreeSet<>(provider.instanceOperations()).forEach(name -> resource.addOperation().setName(name)
                .setDefinition(OPERATION_BASE + provider.resourceType() + "-" + name)
                .setDocumentation("on one resource: " + provider.resourceType() + "/{id}/$" + name));
        return resource;
    }

    private static TypeRestfulInteraction toFhir(FhirInteraction interaction) {
        return TypeRestfulInteraction.fromCode(interaction.code());
    }
}
