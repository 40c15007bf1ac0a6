package org.openward.records.impl.fhir;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.openward.platform.api.cds.CdsHooks;
import org.openward.platform.api.cds.CdsRequest;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.fhir.FhirSearchResult;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.ChartPage;
import org.openward.records.api.ChartService;
import org.openward.records.api.PatientPage;
import org.openward.records.api.PatientService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** FHIR R4 Patient, served by the {@link PatientService} (which checks and audits). */
@Component
public class PatientFhirProvider implements FhirResourceProvider {

    private final PatientService patients;
    private final ChartService chart;
    private final AccessControl access;
    private final CdsHooks decisionSupport;
    private final PatientTranslator translator;

    @Activate
    public PatientFhirProvider(@Reference PatientService patients, @Reference ChartService chart,
            @Reference AccessControl access, @Reference CdsHooks decisionSupport) {
        this.patients = patients;
        this.chart = chart;
        this.access = access;
        this.decisionSupport = decisionSupport;
        this.translator = new PatientTranslator(patients.mrnSystem());
    }

    @Override
    public String resourceType() {
        return "Patient";
    }

    @Override
    public Set<FhirInteraction> interactions() {
        return EnumSet.of(FhirInteraction.READ, FhirInteraction.CREATE, FhirInteraction.UPDATE, FhirInteraction.SEARCH_TYPE);
    }

    @Override
    public List<FhirSearchParameter> searchParameters() {
        return PatientSearchParameters.DECLARED;
    }

    @Override
    public Resource read(String id) {
        return translator.toFhir(patients.get(id));
    }

    @Override
    public Resource create(Resource resource) {
        // refuse before looking at the content: a caller without the permission learns nothing from it
        access.checkPermission(PatientService.PERMISSION_CREATE);
        return translator.toFhir(patients.register(translator.toDomain((org.hl7.fhir.r4.model.Patient) resource)));
    }

    @Override
    public Resource update(String id, Resource resource) {
        // refuse before looking at the content; whether the patient is in the caller's care, the service decides
        if (!access.isPermitted(PatientService.PERMISSION_UPDATE_IN_CARE)) {
            access.checkPermission(PatientService.PERMISSION_UPDATE);
        }
        return translator.toFhir(patients.update(id, translator.toDomain((org.hl7.fhir.r4.model.Patient) resource)));
    }

    @Override
    public Set<String> instanceOperations() {
        return Set.of("everything", CdsCards.OPERATION);
    }

    /**
     * {@code $everything}: the patient and a page of their chart ({@code _count}, {@code _offset}),
     * as far as the caller may read it, newest first. {@code $cds-patient-view}: the decision
     * support cards for the chart being opened (see {@link CdsCards}).
     */
    @Override
    public Resource instanceOperation(String id, String operation, FhirSearch parameters) {
        if (CdsCards.OPERATION.equals(operation)) {
            if (!parameters.names().isEmpty()) {
                throw new InvalidInputException("OW-0023", null, "$" + operation + " takes no parameters, not "
                        + String.join(", ", parameters.names()));
            }
            patients.get(id); // the caller may open this chart (checked and audited), or is refused here
            return CdsCards.toParameters(decisionSupport.call(CdsRequest.patientView(id)));
        }
        if (!parameters.names().isEmpty()) {
            throw new InvalidInputException("OW-0023", null, "$everything takes _count and _offset only, not "
                    + String.join(", ", parameters.names()));
        }
        org.hl7.fhir.r4.model.Patient patient = translator.toFhir(patients.get(id));
        ChartPage page = chart.everything(id, parameters.offset(), parameters.count());
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(page.total() + 1);
        if (parameters.offset() == 0) {
            bundle.addEntry().setResource(patient).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        for (Resource resource : page.resources()) {
            bundle.addEntry().setResource(resource).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    @Override
    public FhirSearchResult search(FhirSearch search) {
        // refuse before parsing; a portal patient may search, and the service narrows it to their own record
        if (!access.isPermitted(PatientService.PERMISSION_SEARCH_OWN)) {
            access.checkPermission(PatientService.PERMISSION_SEARCH);
        }
        PatientPage page = patients.search(PatientSearchParameters.toQuery(search));
        return new FhirSearchResult(page.total(), page.patients().stream().map(translator::toFhir).toList());
    }
}
