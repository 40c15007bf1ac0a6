package org.openward.audit.api;

import java.util.Objects;

/**
 * What a module reports to the trail. Who, when, from where and in which request are added by
 * the trail from the caller's security context.
 */
public final class AuditEvent {

    private final AuditAction action;
    private final AuditOutcome outcome;
    private final String patientId;
    private final String resourceType;
    private final String resourceId;
    private final String detail;

    private AuditEvent(AuditAction action, AuditOutcome outcome, String patientId, String resourceType,
            String resourceId, String detail) {
        this.action = Objects.requireNonNull(action, "action");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.patientId = patientId;
        this.resourceType = resourceType;
        this.resourceId = resourceId;
        this.detail = detail;
    }

    public static AuditEvent of(AuditAction action, AuditOutcome outcome) {
        return new AuditEvent(action, outcome, null, null, null, null);
    }

    /** The patient whose data was touched. */
    public AuditEvent patient(String id) {
        return new AuditEvent(action, outcome, id, resourceType, resourceId, detail);
    }

    /** The record touched, for example {@code Patient} and its id. */
    public AuditEvent resource(String type, String id) {
        return new AuditEvent(action, outcome, patientId, type, id, detail);
    }

    /** The search asked, the permission refused, the error code; never a password or clinical content. */
    public AuditEvent detail(String text) {
        return new AuditEvent(action, outcome, patientId, resourceType, resourceId, text);
    }

    public AuditAction action() {
        return action;
    }

    public AuditOutcome outcome() {
        return outcome;
    }

    public String patientId() {
        return patientId;
    }

    public String resourceType() {
        return resourceType;
    }

    public String resourceId() {
        return resourceId;
    }

    public String detail() {
        return detail;
    }
}
