package org.openward.records.impl.fhir;

import java.util.Locale;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UrlType;
import org.openward.platform.api.cds.Card;
import org.openward.platform.api.cds.CdsHooks.CdsResponse;
import org.openward.platform.api.cds.CdsHooks.Service;

/**
 * The answer of {@code GET /fhir/Patient/{id}/$cds-patient-view}: a Parameters resource with one
 * {@code card} per card (parts summary, detail, indicator, source, link, plugin, service) and one
 * {@code unavailable} per service that gave no answer (parts plugin, service, title, reason), so
 * that the chart can say which advice is missing.
 */
final class CdsCards {

    static final String OPERATION = "cds-patient-view";

    private CdsCards() {
    }

    static Parameters toParameters(CdsResponse response) {
        Parameters parameters = new Parameters();
        for (var advice : response.advice()) {
            Card card = advice.card();
            ParametersParameterComponent part = parameters.addParameter().setName("card");
            part.addPart().setName("summary").setValue(new StringType(card.summary()));
            if (!card.detail().isEmpty()) {
                part.addPart().setName("detail").setValue(new StringType(card.detail()));
            }
            part.addPart().setName("indicator").setValue(new CodeType(card.indicator().name().toLowerCase(Locale.ROOT)));
            part.addPart().setName("source").setValue(new StringType(card.source()));
            if (card.link() != null) {
                part.addPart().setName("link").setValue(new UrlType(card.link()));
            }
            service(part, advice.service());
        }
        for (var unavailable : response.unavailable()) {
            ParametersParameterComponent part = parameters.addParameter().setName("unavailable");
            service(part, unavailable.service());
            part.addPart().setName("title").setValue(new StringType(unavailable.service().title()));
            part.addPart().setName("reason").setValue(new StringType(unavailable.reason()));
        }
        return parameters;
    }

    private static void service(ParametersParameterComponent part, Service service) {
        part.addPart().setName("plugin").setValue(new StringType(service.plugin()));
        part.addPart().setName("service").setValue(new StringType(service.id()));
    }
}
