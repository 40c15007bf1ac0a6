package org.openward.records.impl.chart;

import java.sql.Timestamp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A chart record's current version and what searches look at. */
@Entity
@Table(name = "records_chart_resource")
public class ChartResourceEntity {

    @Id
    @Column(name = "resource_id", length = 64)
    private String id;

    @Column(name = "resource_type", nullable = false, length = 32)
    private String type;

    @Column(name = "patient_id", nullable = false, length = 36)
    private String patientId;

    @Column(name = "version", nullable = false)
    private int version;

    @Column(name = "status", nullable = false, length = 32)
    private String status;

    @Column(name = "entered_in_error", nullable = false)
    private boolean enteredInError;

    @Column(name = "record_date")
    private Timestamp recordDate;

    @Column(name = "created_at", nullable = false)
    private Timestamp createdAt;

    @Column(name = "created_by", nullable = false, length = 128)
    private String createdBy;

    @Column(name = "updated_at", nullable = false)
    private Timestamp updatedAt;

    @Column(name = "updated_by", nullable = false, length = 128)
    private String updatedBy;

    protected ChartResourceEntity() {
        // for JPA
    }

    ChartResourceEntity(String id, String type, String patientId, Timestamp at, String by) {
        this.id = id;
        this.type = type;
        this.patientId = patientId;
        this.createdAt = at;
        this.createdBy = by;
    }

    /** Moves to the next version with this index. */
    void next(ChartProfile.Index index, Timestamp at, String by) {
        version++;
        status = index.status();
        enteredInError = index.enteredInError();
        recordDate = index.date() == null ? null : Timestamp.from(index.date());
        updatedAt = at;
        updatedBy = by;
    }

    String getId() {
        return id;
    }

    String getType() {
        return type;
    }

    String getPatientId() {
        return patientId;
    }

    int getVersion() {
        return version;
    }

    boolean isEnteredInError() {
        return enteredInError;
    }
}
