package org.openward.records.impl;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A number handed out in sequence, such as the next medical record number. */
@Entity
@Table(name = "records_counter")
public class CounterEntity {

    @Id
    @Column(name = "counter_name", length = 32)
    private String name;

    @Column(name = "next_value", nullable = false)
    private long nextValue;

    protected CounterEntity() {
        // for JPA
    }

    long getNextValue() {
        return nextValue;
    }
}
