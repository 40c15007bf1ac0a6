package org.openward.pharmacy.impl.fhir;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Resource;
import org.openward.pharmacy.api.Dispensing;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.fhir.FhirSearchResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Dispenses behind {@code /fhir/MedicationDispense}: read, and search by order. (A dispense is made with {@code MedicationRequest/<id>/$dispense}.) */
@Component(service = FhirResourceProvider.class)
public class MedicationDispenseProvider implements FhirResourceProvider {

    private final Dispensing dispensing;

    @Activate
    public MedicationDispenseProvider(@Reference Dispensing dispensing) {
        this.dispensing = dispensing;
    }

    @Override
    public String resourceType() {
        return "MedicationDispense";
    }

    @Override
    public Set<FhirInteraction> interactions() {
        return EnumSet.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
    }

    @Override
    public List<FhirSearchParameter> searchParameters() {
        return List.of(new FhirSearchParameter("prescription", FhirSearchParameter.Type.REFERENCE,
                "the dispenses of one order (MedicationRequest/<id> or <id>); required"));
    }

    @Override
    public Resource read(String id) {
        return dispensing.read(id);
    }

    @Override
    public FhirSearchResult search(FhirSearch search) {
        List<String> values = search.values("prescription");
        if (values == null || values.size() != 1) {
            throw new InvalidInputException("OW-1552", "prescription", "search dispenses by their order: prescription=MedicationRequest/<id>");
        }
        String order = values.get(0).strip();
        order = order.startsWith("MedicationRequest/") ? order.substring("MedicationRequest/".length()) : order;
        List<? extends Resource> found = dispensing.forOrder(order);
        int from = Math.min(search.offset(), found.size());
        return new FhirSearchResult(found.size(), found.subList(from, Math.min(found.size(), from + search.count())));
    }
}
