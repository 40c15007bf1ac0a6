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

/** A postal address; its lines are kept one per line. */
@Entity
@Table(name = "records_patient_address")
public class PatientAddressEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "address_id")
    private long id;

    /** The foreign key is declared so that OpenJPA inserts the patient before its rows. */
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id", nullable = false)
    @ForeignKey
    private PatientEntity patient;

    @Column(name = "ordinal", nullable = false)
    private int ordinal;

    @Column(name = "address_use", length = 16)
    private String use;

    @Column(name = "lines", length = 500)
    private String lines;

    @Column(name = "city", length = 100)
    private String city;

    @Column(name = "district", length = 100)
    private String district;

    @Column(name = "state_name", length = 100)
    private String state;

    @Column(name = "postal_code", length = 20)
    private String postalCode;

    @Column(name = "country", length = 100)
    private String country;

    protected PatientAddressEntity() {
        // for JPA
    }

    PatientAddressEntity(PatientEntity patient, int ordinal, String use, String lines, String city, String district,
            String state, String postalCode, String country) {
        this.patient = patient;
        this.ordinal = ordinal;
        this.use = use;
        this.lines = lines;
        this.city = city;
        this.district = district;
        this.state = state;
        this.postalCode = postalCode;
        this.country = country;
    }

    String getUse() {
        return use;
    }

    String getLines() {
        return lines;
    }

    String getCity() {
        return city;
    }

    String getDistrict() {
        return district;
    }

    String getState() {
        return state;
    }

    String getPostalCode() {
        return postalCode;
    }

    String getCountry() {
        return country;
    }
}
