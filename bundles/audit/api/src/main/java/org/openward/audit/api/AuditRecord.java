package org.openward.audit.api;

import java.time.Instant;

/**
 * One entry of the trail, as stored. {@code plugin} names the plugin (its bundle's symbolic name)
 * through which the actor's access happened, or is {@code null} for a module's own code.
 */
public record AuditRecord(
        long id,
        Instant recordedAt,
        AuditAction action,
        AuditOutcome outcome,
        String actor,
        String channel,
        String sourceAddress,
        String requestId,
        String patientId,
        String resourceType,
        String resourceId,
        String detail,
        String plugin) {

    /** A record written by the module's own code, not through a plugin. */
    public AuditRecord(long id, Instant recordedAt, AuditAction action, AuditOutcome outcome, String actor,
            String channel, String sourceAddress, String requestId, String patientId, String resourceType,
            String resourceId, String detail) {
        this(id, recordedAt, action, outcome, actor, channel, sourceAddress, requestId, patientId, resourceType,
                resourceId, detail, null);
    }
}
