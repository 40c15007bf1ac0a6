package org.openward.records.impl.chart;

import java.sql.Timestamp;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

/** One stored version of a chart record: the resource as JSON. Never changed once written. */
@Entity
@Table(name = "records_chart_version")
public class ChartVersionEntity {

    @Id
    @Column(name = "version_key", length = 80)
    private String key;

    @Column(name = "resource_id", nullable = false, length = 64)
    private String resourceId;

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

    protected ChartVersionEntity() {
        // for JPA
    }

    ChartVersionEntity(String resourceId, int version, Timestamp storedAt, String storedBy, String body) {
        this.key = key(resourceId, version);
        this.resourceId = resourceId;
        this.version = version;
        this.storedAt = storedAt;
        this.storedBy = storedBy;
        this.body = body;
    }

    /** The primary key of a record's version. */
    static String key(String resourceId, int version) {
        return resourceId + "/" + version;
    }

    String getResourceId() {
        return resourceId;
    }

    int getVersion() {
        return version;
    }

    String getStoredBy() {
        return storedBy;
    }

    String getBody() {
        return body;
    }
}
