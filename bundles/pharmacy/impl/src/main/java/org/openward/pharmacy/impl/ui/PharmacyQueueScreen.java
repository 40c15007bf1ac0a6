package org.openward.pharmacy.impl.ui;

import java.util.List;

import org.openward.platform.api.ui.UiContribution;
import org.osgi.service.component.annotations.Component;

/**
 * The pharmacist's screen in the web shell: the verification queue (verify, reject or query an
 * order, with its alerts and their override reasons) and dispensing of verified orders by
 * scanning the product. The files are in this bundle's {@code ui/pharmacy/}; what they show
 * comes from {@code /fhir}, under the user's own permissions.
 */
@Component
public class PharmacyQueueScreen implements UiContribution {

    @Override
    public String id() {
        return "pharmacy";
    }

    @Override
    public String title() {
        return "Pharmacy";
    }

    @Override
    public String route() {
        return "pharmacy";
    }

    @Override
    public List<String> permissions() {
        return List.of("pharmacy:order:verify");
    }

    @Override
    public int order() {
        return 30;
    }
}
