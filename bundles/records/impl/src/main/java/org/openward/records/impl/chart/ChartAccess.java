package org.openward.records.impl.chart;

import java.util.List;
import java.util.Locale;

import javax.persistence.EntityManager;

import org.openward.platform.api.security.AccessControl;
import org.openward.platform.api.security.BreakGlass;
import org.openward.records.impl.PatientVisibility;

/**
 * Whether the caller may read or write a type of record in one patient's chart, and through
 * which reach (see {@link org.openward.records.api.ChartService} for the permissions).
 */
final class ChartAccess {

    enum Action {
        READ, WRITE;

        String permissionName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The reaches, from the widest to the narrowest. */
    static final String ANY = "records:chart";
    static final String IN_CARE = "records:chart-in-care";
    static final String OWN = "records:chart-own";
    private static final List<String> REACHES = List.of(ANY, IN_CARE, OWN);

    private final AccessControl access;
    private final BreakGlass breakGlass;

    ChartAccess(AccessControl access, BreakGlass breakGlass) {
        this.access = access;
        this.breakGlass = breakGlass;
    }

    static String permission(String reach, Action action, ChartProfile<?> profile) {
        return reach + ":" + action.permissionName() + ":" + profile.permissionName();
    }

    /** Whether the caller may act on this type in some patients' charts. */
    boolean mayAtAll(Action action, ChartProfile<?> profile) {
        return REACHES.stream().anyMatch(reach -> access.isPermitted(permission(reach, action, profile)));
    }

    /**
     * Refuses, before anything is looked at, a caller who may not act on this type in any chart;
     * the platform audits the refusal.
     */
    void checkAtAll(Action action, ChartProfile<?> profile) {
        if (!mayAtAll(action, profile)) {
            access.checkPermission(permission(ANY, action, profile));
        }
    }

    /**
     * The reach through which the caller acts on this patient's chart: {@link #ANY},
     * {@code IN_CARE} (or {@code break-glass}) or {@link #OWN}; {@code null} when the caller may
     * act only on their own record and this is not it (the chart then looks as if it did not exist).
     *
     * @throws PatientVisibility.NotInCare for a clinician whose patient this is not (403, break the glass)
     */
    String reach(EntityManager em, String patientId, Action action, ChartProfile<?> profile) {
        if (access.isPermitted(permission(ANY, action, profile))) {
            return ANY;
        }
        String username = access.currentCaller().username();
        if (access.isPermitted(permission(IN_CARE, action, profile))) {
            if (!PatientVisibility.inCareOrGranted(em, username, breakGlass, List.of(patientId)).isEmpty()) {
                return IN_CARE;
            }
            if (!access.isPermitted(permission(OWN, action, profile))) {
                throw new PatientVisibility.NotInCare(permission(IN_CARE, action, profile), patientId);
            }
        }
        if (access.isPermitted(permission(OWN, action, profile))
                && patientId.equals(PatientVisibility.portalPatient(em, username))) {
            return OWN;
        }
        return null;
    }
}
