package org.openward.pharmacy.impl.orders;

import java.util.Set;

import org.openward.platform.api.events.DomainEvent;
import org.openward.platform.api.events.EventConsumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * When the records module reports an allergy recorded or changed, the patient's active orders
 * are screened against it again ({@link MedicationOrdersImpl#rescreen}). The cursor's name stays
 * the same across versions, so an updated pharmacy goes on where the previous build stopped.
 */
@Component
public class AllergyRescreen implements EventConsumer {

    static final String ALLERGY_RECORDED = "records.allergy-recorded";

    private final MedicationOrdersImpl orders;

    @Activate
    public AllergyRescreen(@Reference MedicationOrdersImpl orders) {
        this.orders = orders;
    }

    @Override
    public String name() {
        return "pharmacy.allergy-rescreen";
    }

    @Override
    public Set<String> types() {
        return Set.of(ALLERGY_RECORDED);
    }

    @Override
    public void handle(DomainEvent event) {
        if (event.patientId() == null || event.subject() == null || !event.subject().startsWith("AllergyIntolerance/")) {
            return; // not an allergy of a patient: nothing to screen
        }
        orders.rescreen(event.patientId(), event.subject().substring("AllergyIntolerance/".length()));
    }
}
