package org.openward.platform.api.cds;

import java.util.List;
import java.util.Objects;

import org.hl7.fhir.r4.model.Resource;

/**
 * What a {@link CdsService} is asked about. The user is the current caller
 * ({@code AccessControl.currentCaller()}); anything else the service needs it reads through the
 * modules' API services, under that user's permissions.
 *
 * @param hook        where in the workflow
 * @param patientId   the patient in context
 * @param draftOrders for {@link CdsHook#ORDER_SIGN}: the orders about to be signed; empty otherwise
 */
public record CdsRequest(CdsHook hook, String patientId, List<Resource> draftOrders) {

    public CdsRequest {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(patientId, "patientId");
        draftOrders = List.copyOf(draftOrders);
    }

    /** The request of {@link CdsHook#PATIENT_VIEW}. */
    public static CdsRequest patientView(String patientId) {
        return new CdsRequest(CdsHook.PATIENT_VIEW, patientId, List.of());
    }

    /** The request of {@link CdsHook#ORDER_SIGN}. */
    public static CdsRequest orderSign(String patientId, List<Resource> draftOrders) {
        return new CdsRequest(CdsHook.ORDER_SIGN, patientId, draftOrders);
    }
}
