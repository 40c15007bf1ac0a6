package org.openward.pharmacy.impl;

import java.util.function.Supplier;

import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditEvent;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditTrail;
import org.openward.platform.api.error.OpenWardException;
import org.openward.platform.api.security.AccessDeniedException;

/**
 * Runs a pharmacy call so that its failure is on the audit trail too: the work writes its own
 * success record in its transaction; a refusal, a stop or a bad request is recorded here, after
 * the transaction rolled back, with the code and reason the caller was given. (A missing
 * permission is recorded by the platform when it refuses.)
 */
public final class Audited {

    private static final int MAX_DETAIL = 900;

    private final AuditTrail audit;

    public Audited(AuditTrail audit) {
        this.audit = audit;
    }

    public <T> T run(AuditAction action, String type, String id, String patientId, Supplier<T> work) {
        try {
            return work.get();
        } catch (AccessDeniedException e) {
            throw e;
        } catch (OpenWardException e) {
            String detail = e.getMessage();
            audit.record(AuditEvent.of(action, AuditOutcome.FAILURE).patient(patientId).resource(type, id)
                    .detail(detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail));
            throw e;
        }
    }

    public void record(AuditEvent event) {
        audit.record(event);
    }
}
