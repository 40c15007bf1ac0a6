package org.openward.pharmacy.impl.ui;

import java.util.List;

import org.openward.platform.api.ui.UiContribution;
import org.osgi.service.component.annotations.Component;

/**
 * The nurse's screen in the web shell: a patient's eMAR for the shift, and barcode medication
 * administration (scan the wristband, then the medication; a second person's check for
 * high-alert drugs; held and refused doses with their reason). The files are in this bundle's
 * {@code ui/emar/}; what they show comes from {@code /fhir}, under the user's own permissions.
 */
@Component
public class EmarScreen implements UiContribution {

    @Override
    public String id() {
        return "emar";
    }

    @Override
    public String title() {
        return "eMAR";
    }

    @Override
    public String route() {
        return "emar";
    }

    @Override
    public List<String> permissions() {
        return List.of("pharmacy:administration:write");
    }

    @Override
    public int order() {
        return 20;
    }
}
