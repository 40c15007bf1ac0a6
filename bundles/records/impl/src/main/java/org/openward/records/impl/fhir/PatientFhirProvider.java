package org.openward.records.impl.fhir;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Resource;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.fhir.FhirSearchResult;
import org.openward.platform.api.security.AccessControl;
import org.openward.records.api.PatientPage;
import org.openward.records.api.PatientService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** FHIR R4 Patient, served by the {@link PatientService} (which checks and audits). */
@Component
public class PatientFhirProvider implements FhirResourceProvider {

    private final PatientService patients;
    private final AccessControl access;
    private final PatientTranslator translator;

    @Activate
    public PatientFhirProvider(@Reference PatientService patients, @Reference AccessControl access) {
        this.patients = patients;
        this.access = access;
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
    public FhirSearchResult search(FhirSearch search) {
        // refuse before parsing; a portal patient may search, and the service narrows it to their own record
        if (!access.isPermitted(PatientService.PERMISSION_SEARCH_OWN)) {
            access.checkPermission(PatientService.PERMISSION_SEARCH);
        }
        PatientPage page = patients.search(PatientSearchParameters.toQuery(search));
        return new FhirSearchResult(page.total(), page.patients().stream().map(translator::toFhir).toList());
    }
}
