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

/** A searchable part of a patient's names, derived from the names at every save. */
@Entity
@Table(name = "records_patient_name_part")
public class NamePartEntity {

    /** Which part of a name. */
    enum Kind { FAMILY, GIVEN, PREFIX, SUFFIX, TEXT }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "part_id")
    private long id;

    /** The foreign key is declared so that OpenJPA inserts the patient before its rows. */
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id", nullable = false)
    @ForeignKey
    private PatientEntity patient;

    @Column(name = "part_kind", nullable = false, length = 8)
    private String kind;

    @Column(name = "part_value", nullable = false, length = 250)
    private String value;

    @Column(name = "part_norm", nullable = false, length = 250)
    private String normalized;

    protected NamePartEntity() {
        // for JPA
    }

    NamePartEntity(PatientEntity patient, Kind kind, String value) {
        this.patient = patient;
        this.kind = kind.name();
        this.value = value;
        this.normalized = Names.normalize(value);
    }
}
