package org.openward.pharmacy.impl.orders;

import java.sql.Timestamp;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

/** One stored version of an order: the MedicationRequest as JSON. Never changed once written. */
@Entity
@Table(name = "pharmacy_order_version")
public class OrderVersionEntity {

    @Id
    @Column(name = "version_key", length = 48)
    private String key;

    @Column(name = "order_id", nullable = false, length = 36)
    private String orderId;

    @Column(name = "version", nullable = false)
    private int version;

    @Column(name = "stored_at", nullable = false)
    private Timestamp storedAt;

    @Column(name = "stored_by", nullable = false, length = 128)
    private String storedBy;

    @Lob
    @Basic(fetch = FetchType.EAGER)
    @Column(name = "body", nullable = false)
    private String body;

    protected OrderVersionEntity() {
        // for JPA
    }

    OrderVersionEntity(String orderId, int version, Timestamp storedAt, String storedBy, String body) {
        this.key = key(orderId, version);
        this.orderId = orderId;
        this.version = version;
        this.storedAt = storedAt;
        this.storedBy = storedBy;
        this.body = body;
    }

    static String key(String orderId, int version) {
        return orderId + "/" + version;
    }

    String getBody() {
        return body;
    }
}
