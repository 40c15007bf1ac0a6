package org.openward.audit.api;

import org.osgi.annotation.versioning.ProviderType;

/** The append-only audit trail. */
@ProviderType
public interface AuditTrail {

    /** Needed to read the trail. */
    String PERMISSION_READ = "audit:event:read";

    /**
     * Appends a record for the current caller. Inside a transaction, the record is written in
     * that transaction: it commits with the change it describes, or neither does.
     *
     * @throws org.openward.platform.api.security.NotAuthenticatedException when no caller is bound
     */
    void record(AuditEvent event);

    /**
     * Reads the trail, newest first. Needs {@link #PERMISSION_READ}; the reading is itself
     * recorded.
     */
    AuditPage search(AuditQuery query);

    /**
     * Reads one record. Needs {@link #PERMISSION_READ}; the reading is itself recorded.
     *
     * @param id the record's {@link AuditRecord#id() id}, as text
     * @throws org.openward.platform.api.error.NotFoundException when there is no such record
     */
    AuditRecord read(String id);
}
