package org.openward.pharmacy.impl.orders;

import java.sql.Timestamp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A medication order's current state: what the queue, the eMAR and the checks look up. */
@Entity
@Table(name = "pharmacy_order")
public class OrderEntity {

    @Id
    @Column(name = "order_id", length = 36)
    private String id;

    @Column(name = "patient_id", nullable = false, length = 36)
    private String patientId;

    @Column(name = "rxnorm", nullable = false, length = 16)
    private String rxnorm;

    @Column(name = "status", nullable = false, length = 16)
    private String status;

    @Column(name = "verification", nullable = false, length = 16)
    private String verification;

    @Column(name = "version", nullable = false)
    private int version;

    @Column(name = "ordered_at", nullable = false)
    private Timestamp orderedAt;

    @Column(name = "ordered_by", nullable = false, length = 128)
    private String orderedBy;

    @Column(name = "updated_at", nullable = false)
    private Timestamp updatedAt;

    @Column(name = "updated_by", nullable = false, length = 128)
    private String updatedBy;

    protected OrderEntity() {
        // for JPA
    }

    OrderEntity(String id, String patientId, String rxnorm, Timestamp at, String by) {
        this.id = id;
        this.patientId = patientId;
        this.rxnorm = rxnorm;
        this.orderedAt = at;
        this.orderedBy = by;
    }

    /** Records the state of a new version. */
    void stored(int version, String status, String verification, Timestamp at, String by) {
        this.version = version;
        this.status = status;
        this.verification = verification;
        this.updatedAt = at;
        this.updatedBy = by;
    }

    public String getId() {
        return id;
    }

    public String getPatientId() {
        return patientId;
    }

    public String getRxnorm() {
        return rxnorm;
    }

    public String getStatus() {
        return status;
    }

    public String getVerification() {
        return verification;
    }

    public int getVersion() {
        return version;
    }

    /** When the current version was stored (for a stopped order: when it stopped). */
    public Timestamp getUpdatedAt() {
        return updatedAt;
    }
}
