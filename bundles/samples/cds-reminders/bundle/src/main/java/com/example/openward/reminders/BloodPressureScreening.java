package com.example.openward.reminders;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Observation;
import org.openward.platform.api.cds.Card;
import org.openward.platform.api.cds.CdsHook;
import org.openward.platform.api.cds.CdsRequest;
import org.openward.platform.api.cds.CdsService;
import org.openward.platform.api.security.AccessDeniedException;
import org.openward.records.api.ChartQuery;
import org.openward.records.api.ChartQuery.Token;
import org.openward.records.api.ChartService;
import org.openward.records.api.Patient;
import org.openward.records.api.PatientService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * "No blood pressure recorded in the last 12 months": an adult (18 or older) whose chart holds
 * no blood pressure measured within {@code bloodPressureMonths} gets a reminder, a warning when
 * none is on record at all. After the USPSTF recommendation to screen adults for high blood
 * pressure. It reads the patient (for the age) and at most one Observation, the latest blood
 * pressure, through the records API as the user who opened the chart.
 *
 * <p>The plugin's three services share one configuration, {@link RemindersConfiguration}; its
 * metatype is designated here, once (one designation per PID).
 */
@Component(configurationPid = RemindersConfiguration.PID)
@Designate(ocd = RemindersConfiguration.class)
public class BloodPressureScreening implements CdsService {

    static final String ID = "blood-pressure-screening";
    static final String SOURCE = "Example Health Reminders (sample), after USPSTF: hypertension in adults, screening";
    static final String LINK = "https://www.uspreventiveservicestaskforce.org/uspstf/recommendation/hypertension-in-adults-screening";
    static final int ADULT = 18;
    private static final String LOINC = "http://loinc.org";
    /** A blood pressure panel, the systolic and diastolic pair, or a systolic pressure alone: each is a measurement. */
    static final List<Token> BLOOD_PRESSURE = List.of(new Token(LOINC, "85354-9"), new Token(LOINC, "55284-4"),
            new Token(LOINC, "8480-6"));
    /** Results that stand; preliminary, cancelled or mistaken ones do not count. */
    private static final List<String> STANDING = List.of("final", "amended", "corrected");

    private final PatientService patients;
    private final ChartService chart;
    private final Clock clock;
    private volatile int months;

    @Activate
    public BloodPressureScreening(@Reference PatientService patients, @Reference ChartService chart,
            RemindersConfiguration config) {
        this(patients, chart, Clock.systemDefaultZone(), config.bloodPressureMonths());
    }

    /** For tests: a clock of their own. */
    BloodPressureScreening(PatientService patients, ChartService chart, Clock clock, int months) {
        this.patients = patients;
        this.chart = chart;
        this.clock = clock;
        this.months = months;
    }

    @Modified
    void modified(RemindersConfiguration config) {
        months = config.bloodPressureMonths();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Blood pressure screening";
    }

    @Override
    public Set<CdsHook> hooks() {
        return Set.of(CdsHook.PATIENT_VIEW);
    }

    @Override
    public List<Card> invoke(CdsRequest request) {
        int interval = months;
        if (interval < 1) {
            throw new IllegalStateException("bloodPressureMonths must be 1 or more, not " + interval);
        }
        LocalDate today = LocalDate.now(clock);
        try {
            Patient patient = patients.get(request.patientId());
            if (patient.birthDate() == null || Charts.age(patient.birthDate(), today) < ADULT) {
                return List.of();
            }
            List<DomainResource> latest = chart.search(new ChartQuery("Observation", request.patientId(), null, null,
                    BLOOD_PRESSURE, List.of(), STANDING, true, 0, 1)).resources();
            Optional<Instant> last = latest.stream().map(r -> (Observation) r).findFirst().flatMap(Charts::effective);
            if (last.isPresent() && !Charts.day(last.get(), clock.getZone()).isBefore(today.minusMonths(interval))) {
                return List.of();
            }
            return List.of(last.isEmpty()
                    ? new Card("No blood pressure on record", "Adults should have their blood pressure measured"
                            + " at least every " + interval + " months; this chart holds no measurement.",
                            Card.Indicator.WARNING, SOURCE, LINK)
                    : new Card("No blood pressure recorded in the last " + interval + " months",
                            "The latest measurement on record was taken on " + Charts.day(last.get(), clock.getZone())
                                    + ". Adults should have their blood pressure measured at least every " + interval
                                    + " months.", Card.Indicator.INFO, SOURCE, LINK));
        } catch (AccessDeniedException e) {
            // the user may not read vital signs: a reminder about them is not theirs to see
            return List.of();
        }
    }
}
