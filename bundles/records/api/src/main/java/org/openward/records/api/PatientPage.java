package org.openward.records.api;

import java.util.List;

/** One page of a patient search and the number of matches in all. */
public record PatientPage(int total, List<Patient> patients) {

    public PatientPage {
        patients = List.copyOf(patients);
    }
}
