package org.openward.audit.impl;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A record waiting to be linked into the chain: written with the record, in the writer's
 * transaction, and taken away by the chainer when it links the record.
 */
@Entity
@Table(name = "audit_pending")
public class AuditPendingEntity {

    @Id
    @Column(name = "event_id")
    private long eventId;

    protected AuditPendingEntity() {
        // for JPA
    }

    AuditPendingEntity(long eventId) {
        this.eventId = eventId;
    }
}
