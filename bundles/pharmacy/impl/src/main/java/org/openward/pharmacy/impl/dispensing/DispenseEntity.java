package org.openward.pharmacy.impl.dispensing;

import java.sql.Timestamp;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

/** One dispense, as the MedicationDispense JSON with what stock and lists look up. Never changed. */
@Entity
@Table(name = "pharmacy_dispense")
public class DispenseEntity {

    @Id
    @Column(name = "dispense_id", length = 36)
    private String id;

    @Column(name = "order_id", nullable = false, length = 36)
    private String orderId;

    @Column(name = "patient_id", nullable = false, length = 36)
    private String patientId;

    @Column(name = "location", nullable = false, length = 64)
    private String location;

    @Column(name = "gtin", nullable = false, length = 14)
    private String gtin;

    @Column(name = "lot", nullable = false, length = 20)
    private String lot;

    @Column(name = "quantity", nullable = false)
    private int quantity;

    @Column(name = "dispensed_at", nullable = false)
    private Timestamp dispensedAt;

    @Column(name = "dispensed_by", nullable = false, length = 128)
    private String dispensedBy;

    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "body", nullable = false)
    private String body;

    protected DispenseEntity() {
        // for JPA
    }

    DispenseEntity(String id, String orderId, String patientId, String location, String gtin, String lot,
            int quantity, Timestamp at, String by, String body) {
        this.id = id;
        this.orderId = orderId;
        this.patientId = patientId;
        this.location = location;
        this.gtin = gtin;
        this.lot = lot;
        this.quantity = quantity;
        this.dispensedAt = at;
        this.dispensedBy = by;
        this.body = body;
    }

    String getPatientId() {
        return patientId;
    }

    String getBody() {
        return body;
    }
}
