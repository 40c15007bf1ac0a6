package org.openward.records.impl.ui;

import java.util.List;

import org.openward.platform.api.ui.UiContribution;
import org.osgi.service.component.annotations.Component;

/**
 * The clinician's screens of the records module in the web shell: patient search and the
 * patient chart (banner, summary, results with trends, encounters, notes). The files are in
 * this bundle's {@code ui/records/}; what they show comes from {@code /fhir}, under the
 * user's own permissions.
 */
@Component
public class RecordsScreens implements UiContribution {

    @Override
    public String id() {
        return "records";
    }

    @Override
    public String title() {
        return "Patients";
    }

    @Override
    public String route() {
        return "patients";
    }

    @Override
    public List<String> permissions() {
        return List.of("records:patient:search");
    }

    @Override
    public int order() {
        return 10;
    }
}
