package org.openward.audit.impl;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditOutcome;
import org.openward.audit.api.AuditRecord;
import org.openward.audit.impl.integrity.SealedContent;

/** A row of the trail. No setters: a record is written once and never changed. */
@Entity
@Table(name = "audit_event")
public class AuditEventEntity {

    /** From the audit_event_seq sequence, taken before the insert so that the seal covers it. */
    @Id
    @Column(name = "event_id")
    private long id;

    @Column(name = "recorded_at", nullable = false)
    private Timestamp recordedAt;

    @Column(name = "audit_action", nullable = false, length = 32)
    private String action;

    @Column(name = "outcome", nullable = false, length = 16)
    private String outcome;

    @Column(name = "actor", nullable = false, length = 128)
    private String actor;

    @Column(name = "channel", nullable = false, length = 16)
    private String channel;

    @Column(name = "source_address", nullable = false, length = 64)
    private String sourceAddress;

    @Column(name = "request_id", nullable = false, length = 64)
    private String requestId;

    @Column(name = "patient_id", length = 64)
    private String patientId;

    @Column(name = "resource_type", length = 64)
    private String resourceType;

    @Column(name = "resource_id", length = 64)
    private String resourceId;

    @Column(name = "detail", length = 2000)
    private String detail;

    /** The plugin acting for the actor, if any (added in V2; older rows have none). */
    @Column(name = "plugin", length = 128)
    private String plugin;

    @Column(name = "row_seal", nullable = false, length = 64)
    private String seal;

    protected AuditEventEntity() {
        // for JPA
    }

    /** @param recordedAt kept to the millisecond, as every database keeps it */
    AuditEventEntity(long id, Instant recordedAt, AuditAction action, AuditOutcome outcome, String actor,
            String channel, String sourceAddress, String requestId, String patientId, String resourceType,
            String resourceId, String detail, String plugin) {
        this.id = id;
        this.recordedAt = Timestamp.from(recordedAt.truncatedTo(ChronoUnit.MILLIS));
        this.action = action.name();
        this.outcome = outcome.name();
        this.actor = actor;
        this.channel = channel;
        this.sourceAddress = sourceAddress;
        this.requestId = requestId;
        this.patientId = patientId;
        this.resourceType = resourceType;
        this.resourceId = resourceId;
        this.detail = detail;
        this.plugin = plugin;
    }

    /** What the seal covers: the id and every field. */
    SealedContent content() {
        return new SealedContent(id, recordedAt.getTime(), action, outcome, actor, channel, sourceAddress, requestId,
                patientId, resourceType, resourceId, detail, plugin);
    }

    void seal(String value) {
        this.seal = value;
    }

    AuditRecord toRecord() {
        return new AuditRecord(id, recordedAt.toInstant(), AuditAction.valueOf(action), AuditOutcome.valueOf(outcome),
                actor, channel, sourceAddress, requestId, patientId, resourceType, resourceId, detail, plugin);
    }
}
