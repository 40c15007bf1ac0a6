package org.openward.audit.api;

import java.time.Instant;

/** One entry of the trail, as stored. */
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
        String detail) {
}
