package org.openward.audit.impl.fhir;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Resource;
import org.openward.audit.api.AuditPage;
import org.openward.audit.api.AuditTrail;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.fhir.FhirSearchResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * FHIR R4 AuditEvent, read-only, for auditors: the trail (which checks the permission and records
 * every reading) as IHE BALP shapes it.
 */
@Component
public class AuditEventFhirProvider implements FhirResourceProvider {

    private final AuditTrail trail;
    private final AuditEventTranslator translator = new AuditEventTranslator();

    @Activate
    public AuditEventFhirProvider(@Reference AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public String resourceType() {
        return "AuditEvent";
    }

    @Override
    public Set<FhirInteraction> interactions() {
        return EnumSet.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
    }

    @Override
    public List<FhirSearchParameter> searchParameters() {
        return AuditEventSearchParameters.DECLARED;
    }

    @Override
    public Resource read(String id) {
        return translator.toFhir(trail.read(id));
    }

    @Override
    public FhirSearchResult search(FhirSearch search) {
        AuditPage page = trail.search(AuditEventSearchParameters.toQuery(search));
        return new FhirSearchResult(page.total(),
                search.count() == 0 ? List.of() : page.records().stream().map(translator::toFhir).toList());
    }
}
