package org.openward.pharmacy.impl.administration;

import java.sql.Timestamp;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

/** One documented dose (given, held or refused), as the MedicationAdministration JSON. Never changed. */
@Entity
@Table(name = "pharmacy_administration")
public class AdministrationEntity {

    @Id
    @Column(name = "administration_id", length = 36)
    private String id;

    @Column(name = "order_id", nullable = false, length = 36)
    private String orderId;

    @Column(name = "patient_id", nullable = false, length = 36)
    private String patientId;

    @Column(name = "scheduled_at")
    private Timestamp scheduledAt;

    @Column(name = "status", nullable = false, length = 16)
    private String status;

    @Column(name = "reason", length = 32)
    private String reason;

    @Column(name = "recorded_at", nullable = false)
    private Timestamp recordedAt;

    @Column(name = "recorded_by", nullable = false, length = 128)
    private String recordedBy;

    @Column(name = "witness", length = 128)
    private String witness;

    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "body", nullable = false)
    private String body;

    protected AdministrationEntity() {
        // for JPA
    }

    AdministrationEntity(String id, String orderId, String patientId, Timestamp scheduledAt, String status,
            String reason, Timestamp recordedAt, String recordedBy, String witness, String body) {
        this.id = id;
        this.orderId = orderId;
        this.patientId = patientId;
        this.scheduledAt = scheduledAt;
        this.status = status;
        this.reason = reason;
        this.recordedAt = recordedAt;
        this.recordedBy = recordedBy;
        this.witness = witness;
        this.body = body;
    }

    String getId() {
        return id;
    }

    String getOrderId() {
        return orderId;
    }

    String getPatientId() {
        return patientId;
    }

    Timestamp getScheduledAt() {
        return scheduledAt;
    }

    String getStatus() {
        return status;
    }

    String getReason() {
        return reason;
    }

    Timestamp getRecordedAt() {
        return recordedAt;
    }

    String getBody() {
        return body;
    }
}
