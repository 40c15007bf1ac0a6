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

/** A name as given; lists of names are kept one per line. */
@Entity
@Table(name = "records_patient_name")
public class PatientNameEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "name_id")
    private long id;

    /** The foreign key is declared so that OpenJPA inserts the patient before its rows. */
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id", nullable = false)
    @ForeignKey
    private PatientEntity patient;

    @Column(name = "ordinal", nullable = false)
    private int ordinal;

    @Column(name = "name_use", length = 16)
    private String use;

    @Column(name = "family", length = 100)
    private String family;

    @Column(name = "given", length = 500)
    private String given;

    @Column(name = "prefix", length = 200)
    private String prefix;

    @Column(name = "suffix", length = 200)
    private String suffix;

    @Column(name = "name_text", length = 250)
    private String text;

    protected PatientNameEntity() {
        // for JPA
    }

    PatientNameEntity(PatientEntity patient, int ordinal, String use, String family, String given, String prefix,
            String suffix, String text) {
        this.patient = patient;
        this.ordinal = ordinal;
        this.use = use;
        this.family = family;
        this.given = given;
        this.prefix = prefix;
        this.suffix = suffix;
        this.text = text;
    }

    String getUse() {
        return use;
    }

    String getFamily() {
        return family;
    }

    String getGiven() {
        return given;
    }

    String getPrefix() {
        return prefix;
    }

    String getSuffix() {
        return suffix;
    }

    String getText() {
        return text;
    }
}
