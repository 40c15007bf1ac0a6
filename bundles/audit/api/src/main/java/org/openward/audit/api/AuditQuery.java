package org.openward.audit.api;

import java.time.Instant;

/**
 * Which records to return, newest first. A {@code null} criterion matches anything.
 *
 * @param limit at most this many, 1 to 1000
 */
public record AuditQuery(String patientId, String actor, AuditAction action, Instant since, int limit) {

    public AuditQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
        }
    }

    /** The newest records, whatever they are about. */
    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, null, null, limit);
    }

    /** The newest records about one patient. */
    public static AuditQuery forPatient(String patientId, int limit) {
        return new AuditQuery(patientId, null, null, null, limit);
    }
}
