package org.openward.records.impl;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.ForeignKey;

@Entity
@Table(name = "records_patient_telecom")
public class PatientTelecomEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "telecom_id")
    private long id;

    /** The foreign key is declared so that OpenJPA inserts the patient before its rows. */
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id", nullable = false)
    @ForeignKey
    private PatientEntity patient;

    @Column(name = "ordinal", nullable = false)
    private int ordinal;

    @Column(name = "telecom_system", nullable = false, length = 16)
    private String system;

    @Column(name = "telecom_value", nullable = false, length = 255)
    private String value;

    @Column(name = "telecom_use", length = 16)
    private String use;

    protected PatientTelecomEntity() {
        // for JPA
    }

    PatientTelecomEntity(PatientEntity patient, int ordinal, String system, String value, String use) {
        this.patient = patient;
        this.ordinal = ordinal;
        this.system = system;
        this.value = value;
        this.use = use;
    }

    String getSystem() {
        return system;
    }

    String getValue() {
        return value;
    }

    String getUse() {
        return use;
    }
}
