package org.openward.pharmacy.impl.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.hl7.fhir.r4.model.MedicationRequest;
import org.openward.pharmacy.api.Alert;
import org.openward.pharmacy.api.AlertKind;
import org.openward.pharmacy.spi.Severity;
import org.openward.platform.api.cds.Card;
import org.openward.platform.api.cds.CdsHooks;
import org.openward.platform.api.cds.CdsHooks.CdsResponse;
import org.openward.platform.api.cds.CdsHooks.Service;
import org.openward.platform.api.cds.CdsRequest;

/**
 * The order-sign hook: the decision support plugins' cards on a draft order, as alerts beside the
 * pharmacy's own checks, so that a critical card stops the order until it is overridden with a
 * reason like any high alert.
 * <ul>
 * <li>{@code decision-support:<plugin>/<service>:<8 hex>}: a card; the hex is a digest of its
 * summary, so the same card on the same order keeps its key (an override names it).</li>
 * <li>{@code check-unavailable:<plugin>/<service>} (MODERATE): a service that failed or timed out.</li>
 * </ul>
 */
final class OrderSignCards {

    private final CdsHooks hooks;

    OrderSignCards(CdsHooks hooks) {
        this.hooks = hooks;
    }

    /** Asks the plugins as the prescriber, after the pharmacy's own checks have read the chart. */
    List<Alert> alerts(String patientId, MedicationRequest draft) {
        CdsResponse response = hooks.call(CdsRequest.orderSign(patientId, List.of(draft.copy())));
        List<Alert> alerts = new ArrayList<>();
        for (CdsHooks.Advice advice : response.advice()) {
            Card card = advice.card();
            alerts.add(new Alert("decision-support:" + name(advice.service()) + ":" + digest(card.summary()),
                    AlertKind.DECISION_SUPPORT, severity(card.indicator()),
                    card.summary() + (card.detail().isEmpty() ? "" : " " + card.detail()),
                    card.source() + " (plugin " + advice.service().plugin() + ")"
                            + (card.link() == null ? "" : "; " + card.link())));
        }
        for (CdsHooks.Unavailable unavailable : response.unavailable()) {
            alerts.add(new Alert("check-unavailable:" + name(unavailable.service()), AlertKind.CHECK_UNAVAILABLE,
                    Severity.MODERATE, unavailable.service().title() + " could not check this order: "
                            + unavailable.reason() + ".",
                    "decision support plugin " + unavailable.service().plugin()));
        }
        return alerts;
    }

    private static String name(Service service) {
        return service.plugin() + "/" + service.id();
    }

    private static Severity severity(Card.Indicator indicator) {
        return switch (indicator) {
            case CRITICAL -> Severity.HIGH;
            case WARNING -> Severity.MODERATE;
            case INFO -> Severity.LOW;
        };
    }

    private static String digest(String summary) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(summary.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
