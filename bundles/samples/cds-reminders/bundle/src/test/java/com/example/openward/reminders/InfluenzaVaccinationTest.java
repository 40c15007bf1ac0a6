package com.example.openward.reminders;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.hl7.fhir.r4.model.Immunization.ImmunizationStatus;
import org.junit.Test;
import org.openward.platform.api.cds.Card;
import org.openward.platform.api.cds.CdsRequest;

public class InfluenzaVaccinationTest {

    private final TestRecords records = new TestRecords();

    /** The configuration as DS would hand it over, with the given season. */
    static RemindersConfiguration season(String start, String end) {
        return new RemindersConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RemindersConfiguration.class;
            }

            @Override
            public int bloodPressureMonths() {
                return 12;
            }

            @Override
            public String influenzaSeasonStart() {
                return start;
            }

            @Override
            public String influenzaSeasonEnd() {
                return end;
            }

            @Override
            public String faulty() {
                return "none";
            }
        };
    }

    private List<Card> cardsOn(String day, String patient, RemindersConfiguration config) {
        Clock clock = Clock.fixed(Instant.parse(day + "T10:00:00Z"), ZoneOffset.UTC);
        return new InfluenzaVaccination(records, records, clock, config).invoke(CdsRequest.patientView(patient));
    }

    private List<Card> cardsOn(String day, String patient) {
        return cardsOn(day, patient, season("09-01", "03-31"));
    }

    @Test
    public void inSeasonWithoutAVaccinationThePatientIsReminded() {
        String patient = records.patient(LocalDate.of(1980, 2, 2));
        records.vaccination(patient, "140", Instant.parse("2025-10-10T10:00:00Z"), ImmunizationStatus.COMPLETED);
        Card card = cardsOn("2026-11-22", patient).get(0);
        assertEquals("Influenza vaccine due for the 2026-27 season", card.summary());
        assertEquals(Card.Indicator.INFO, card.indicator());
        assertThat(card.detail(), containsString("since 2026-07-01"));
        assertThat(card.source(), containsString("CDC"));
    }

    @Test
    public void aVaccinationThisSeasonOrJustBeforeItCounts() {
        String autumn = records.patient(LocalDate.of(1980, 2, 2));
        records.vaccination(autumn, "150", Instant.parse("2026-10-01T10:00:00Z"), ImmunizationStatus.COMPLETED);
        String august = records.patient(LocalDate.of(1980, 2, 2));
        records.vaccination(august, "88", Instant.parse("2026-08-15T10:00:00Z"), ImmunizationStatus.COMPLETED);
        assertEquals(List.of(), cardsOn("2026-11-22", autumn));
        assertEquals(List.of(), cardsOn("2027-03-01", august));
    }

    @Test
    public void aDoseNotGivenOrAnotherVaccineDoesNotCount() {
        String patient = records.patient(LocalDate.of(1980, 2, 2));
        records.vaccination(patient, "140", Instant.parse("2026-10-01T10:00:00Z"), ImmunizationStatus.NOTDONE);
        records.vaccination(patient, "213", Instant.parse("2026-10-01T10:00:00Z"), ImmunizationStatus.COMPLETED);
        assertEquals(1, cardsOn("2026-11-22", patient).size());
    }

    @Test
    public void betweenSeasonsItSaysNothingAndReadsNothing() {
        String patient = records.patient(LocalDate.of(1980, 2, 2));
        assertEquals(List.of(), cardsOn("2026-06-15", patient));
        assertEquals(List.of(), records.queries);
        assertEquals(List.of(), records.patientReads);
    }

    @Test
    public void infantsUnderSixMonthsAreNotReminded() {
        String infant = records.patient(LocalDate.of(2026, 7, 1));
        assertEquals(List.of(), cardsOn("2026-11-22", infant));
        assertEquals(1, cardsOn("2027-01-02", infant).size());
    }

    @Test
    public void itCountsVaccinationsOnlyAndReadsNoneOfThem() {
        String patient = records.patient(LocalDate.of(1980, 2, 2));
        cardsOn("2026-11-22", patient);
        assertEquals(0, records.queries.get(0).count());
        assertEquals(List.of("completed"), records.queries.get(0).statuses());
    }

    @Test
    public void aMisconfiguredSeasonFailsTheCallWithTheReasonInsteadOfGuessing() {
        String patient = records.patient(LocalDate.of(1980, 2, 2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cardsOn("2026-11-22", patient, season("9/1", "03-31")));
        assertThat(e.getMessage(), containsString("influenzaSeasonStart"));
    }

    @Test
    public void aUserWhoMayNotReadTheChartGetsNoCard() {
        String patient = records.patient(LocalDate.of(1980, 2, 2));
        records.refuse();
        assertEquals(List.of(), cardsOn("2026-11-22", patient));
    }
}
