package org.openward.records.impl.chart;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Resource;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.error.NotFoundException;
import org.openward.platform.api.fhir.FhirInteraction;
import org.openward.platform.api.fhir.FhirResourceProvider;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.fhir.FhirSearchResult;
import org.openward.records.api.ChartPage;
import org.openward.records.api.ChartService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Serves each chart type behind {@code /fhir}: one {@link FhirResourceProvider} service per type,
 * registered while the chart is available. The {@link ChartService} checks and audits.
 */
@Component(service = {})
public class ChartFhirProviders {

    private final List<ServiceRegistration<FhirResourceProvider>> registrations = new ArrayList<>();

    @Activate
    public ChartFhirProviders(@Reference ChartService chart, BundleContext context) {
        for (FhirResourceProvider provider : providers(chart)) {
            registrations.add(context.registerService(FhirResourceProvider.class, provider, null));
        }
    }

    /** One provider per chart type, each served by the chart service. */
    public static List<FhirResourceProvider> providers(ChartService chart) {
        return ChartProfiles.all().stream().<FhirResourceProvider>map(profile -> new Provider(chart, profile)).toList();
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    /** One chart type as a FHIR provider. */
    static final class Provider implements FhirResourceProvider {

        private final ChartService chart;
        private final ChartProfile<?> profile;
        private final ChartSearchParameters parameters;

        Provider(ChartService chart, ChartProfile<?> profile) {
            this.chart = chart;
            this.profile = profile;
            this.parameters = new ChartSearchParameters(profile);
        }

        @Override
        public String resourceType() {
            return profile.type();
        }

        @Override
        public Set<FhirInteraction> interactions() {
            return EnumSet.of(FhirInteraction.READ, FhirInteraction.CREATE, FhirInteraction.UPDATE,
                    FhirInteraction.SEARCH_TYPE, FhirInteraction.VREAD, FhirInteraction.HISTORY_INSTANCE);
        }

        @Override
        public List<FhirSearchParameter> searchParameters() {
            return parameters.declared();
        }

        @Override
        public Resource read(String id) {
            return chart.read(profile.type(), id);
        }

        @Override
        public Resource create(Resource resource) {
            return chart.create((DomainResource) resource);
        }

        @Override
        public Resource update(String id, Resource resource) {
            return chart.update(profile.type(), id, (DomainResource) resource);
        }

        @Override
        public FhirSearchResult search(FhirSearch search) {
            ChartPage page = chart.search(parameters.toQuery(search));
            return new FhirSearchResult(page.total(), page.resources());
        }

        @Override
        public Resource readVersion(String id, String version) {
            int number;
            try {
                number = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw new NotFoundException("OW-1242", profile.type() + "/" + id + " has no version '" + version + "'");
            }
            if (number < 1) {
                throw new InvalidInputException("OW-0025", "version", "a version is a whole number from 1");
            }
            return chart.readVersion(profile.type(), id, number);
        }

        @Override
        public List<Resource> history(String id) {
            return List.copyOf(chart.history(profile.type(), id));
        }
    }
}
