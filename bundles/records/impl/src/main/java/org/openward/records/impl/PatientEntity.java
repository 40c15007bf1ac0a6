package org.openward.records.impl;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.persistence.CascadeType;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.OneToMany;
import javax.persistence.OrderBy;
import javax.persistence.Table;
import javax.persistence.Version;

/** A patient row with its names, identifiers, contact points and addresses. */
@Entity
@Table(name = "records_patient")
public class PatientEntity {

    @Id
    @Column(name = "patient_id", length = 36)
    private String id;

    @Column(name = "mrn", nullable = false, length = 32)
    private String mrn;

    @Column(name = "active", nullable = false)
    private boolean active;

    @Column(name = "birth_date")
    private LocalDate birthDate;

    @Column(name = "gender", length = 8)
    private String gender;

    @Column(name = "sort_name", nullable = false, length = 250)
    private String sortName;

    @Version
    @Column(name = "row_version")
    private int version;

    @Column(name = "created_at", nullable = false)
    private Timestamp createdAt;

    @Column(name = "created_by", nullable = false, length = 128)
    private String createdBy;

    @Column(name = "updated_at", nullable = false)
    private Timestamp updatedAt;

    @Column(name = "updated_by", nullable = false, length = 128)
    private String updatedBy;

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("ordinal")
    private List<PatientNameEntity> names = new ArrayList<>();

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.LAZY)
    private List<NamePartEntity> nameParts = new ArrayList<>();

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("ordinal")
    private List<PatientIdentifierEntity> identifiers = new ArrayList<>();

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("ordinal")
    private List<PatientTelecomEntity> telecom = new ArrayList<>();

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("ordinal")
    private List<PatientAddressEntity> addresses = new ArrayList<>();

    protected PatientEntity() {
        // for JPA
    }

    PatientEntity(String id, String mrn, Timestamp createdAt, String createdBy) {
        this.id = id;
        this.mrn = mrn;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.updatedAt = createdAt;
        this.updatedBy = createdBy;
    }

    void stamp(Timestamp at, String by) {
        this.updatedAt = at;
        this.updatedBy = by;
    }

    void setDemographics(boolean activeValue, LocalDate birthDateValue, String genderValue, String sortNameValue) {
        this.active = activeValue;
        this.birthDate = birthDateValue;
        this.gender = genderValue;
        this.sortName = sortNameValue;
    }

    String getId() {
        return id;
    }

    String getMrn() {
        return mrn;
    }

    boolean isActive() {
        return active;
    }

    LocalDate getBirthDate() {
        return birthDate;
    }

    String getGender() {
        return gender;
    }

    int getVersion() {
        return version;
    }

    Timestamp getUpdatedAt() {
        return updatedAt;
    }

    List<PatientNameEntity> getNames() {
        return names;
    }

    List<NamePartEntity> getNameParts() {
        return nameParts;
    }

    List<PatientIdentifierEntity> getIdentifiers() {
        return identifiers;
    }

    List<PatientTelecomEntity> getTelecom() {
        return telecom;
    }

    List<PatientAddressEntity> getAddresses() {
        return addresses;
    }
}
