package org.openward.records.impl.chart;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

/** A code or category of a chart record's current version, for token searches. */
@Entity
@Table(name = "records_chart_token")
public class ChartTokenEntity {

    /** What the token is of the record. */
    enum Kind { CODE, CATEGORY }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "token_id")
    private long id;

    @Column(name = "resource_id", nullable = false, length = 64)
    private String resourceId;

    @Column(name = "token_kind", nullable = false, length = 8)
    private String kind;

    @Column(name = "token_system", length = 255)
    private String system;

    @Column(name = "token_code", nullable = false, length = 128)
    private String code;

    protected ChartTokenEntity() {
        // for JPA
    }

    ChartTokenEntity(String resourceId, Kind kind, String system, String code) {
        this.resourceId = resourceId;
        this.kind = kind.name();
        this.system = system;
        this.code = code;
    }
}
