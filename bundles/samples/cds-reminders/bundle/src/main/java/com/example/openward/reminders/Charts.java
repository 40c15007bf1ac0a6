package com.example.openward.reminders;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;

import org.hl7.fhir.r4.model.Observation;

/** Small readings of chart records that the services share. */
final class Charts {

    private Charts() {
    }

    /** When an observation was made: its effective date, time or the start of its period. */
    static Optional<Instant> effective(Observation observation) {
        Date date = null;
        if (observation.hasEffectiveDateTimeType()) {
            date = observation.getEffectiveDateTimeType().getValue();
        } else if (observation.hasEffectiveInstantType()) {
            date = observation.getEffectiveInstantType().getValue();
        } else if (observation.hasEffectivePeriod()) {
            date = observation.getEffectivePeriod().getStart();
        }
        return Optional.ofNullable(date).map(Date::toInstant);
    }

    /** Age in whole years on a day. */
    static int age(LocalDate birthDate, LocalDate on) {
        return java.time.Period.between(birthDate, on).getYears();
    }

    static LocalDate day(Instant instant, ZoneId zone) {
        return LocalDate.ofInstant(instant, zone);
    }
}
