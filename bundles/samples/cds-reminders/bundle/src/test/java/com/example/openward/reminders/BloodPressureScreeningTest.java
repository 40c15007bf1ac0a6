package com.example.openward.reminders;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.junit.Test;
import org.openward.platform.api.cds.Card;
import org.openward.platform.api.cds.CdsRequest;
import org.openward.records.api.ChartQuery;

public class BloodPressureScreeningTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final TestRecords records = new TestRecords();
    private final BloodPressureScreening screening = new BloodPressureScreening(records, records,
            Clock.fixed(NOW, ZoneOffset.UTC), 12);

    private List<Card> cards(String patient) {
        return screening.invoke(CdsRequest.patientView(patient));
    }

    @Test
    public void anAdultWithNoMeasurementOnRecordGetsAWarning() {
        String adult = records.patient(LocalDate.of(1961, 4, 12));
        Card card = cards(adult).get(0);
        assertEquals("No blood pressure on record", card.summary());
        assertEquals(Card.Indicator.WARNING, card.indicator());
        assertThat(card.source(), containsString("USPSTF"));
        assertThat(card.link(), containsString("https://"));
    }

    @Test
    public void aMeasurementOlderThanTheIntervalGivesAReminderWithItsDate() {
        String adult = records.patient(LocalDate.of(1961, 4, 12));
        records.bloodPressure(adult, Instant.parse("2025-10-03T09:00:00Z"), ObservationStatus.FINAL);
        Card card = cards(adult).get(0);
        assertEquals("No blood pressure recorded in the last 12 months", card.summary());
        assertEquals(Card.Indicator.INFO, card.indicator());
        assertThat(card.detail(), containsString("2025-10-03"));
    }

    @Test
    public void aMeasurementWithinTheIntervalSaysNothing() {
        String adult = records.patient(LocalDate.of(1961, 4, 12));
        records.bloodPressure(adult, Instant.parse("2025-10-03T09:00:00Z"), ObservationStatus.FINAL);
        records.bloodPressure(adult, Instant.parse("2025-11-22T09:00:00Z"), ObservationStatus.AMENDED);
        assertEquals(List.of(), cards(adult));
    }

    @Test
    public void onlyMeasurementsThatStandCount() {
        String adult = records.patient(LocalDate.of(1961, 4, 12));
        records.bloodPressure(adult, Instant.parse("2026-11-01T09:00:00Z"), ObservationStatus.PRELIMINARY);
        records.bloodPressure(adult, Instant.parse("2026-11-02T09:00:00Z"), ObservationStatus.ENTEREDINERROR);
        assertEquals("No blood pressure on record", cards(adult).get(0).summary());
    }

    @Test
    public void childrenAndPatientsOfUnknownAgeAreNotScreenedAndTheirChartIsNotRead() {
        String child = records.patient(LocalDate.of(2009, 1, 1));
        String unknown = records.patient(null);
        assertEquals(List.of(), cards(child));
        assertEquals(List.of(), cards(unknown));
        assertEquals(List.of(), records.queries);
    }

    @Test
    public void itReadsTheLatestMeasurementOnlyThroughTheRecordsApi() {
        String adult = records.patient(LocalDate.of(1961, 4, 12));
        cards(adult);
        assertEquals(List.of(adult), records.patientReads);
        ChartQuery query = records.queries.get(0);
        assertEquals("Observation", query.type());
        assertEquals(1, query.count());
        assertEquals(true, query.newestFirst());
        assertEquals(BloodPressureScreening.BLOOD_PRESSURE, query.codes());
    }

    @Test
    public void aUserWhoMayNotReadTheChartGetsNoCardAndNoFailure() {
        String adult = records.patient(LocalDate.of(1961, 4, 12));
        records.refuse();
        assertEquals(List.of(), cards(adult));
    }
}
