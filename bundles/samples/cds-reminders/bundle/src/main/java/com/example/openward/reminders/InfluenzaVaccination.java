package com.example.openward.reminders;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

/**
 * "Influenza vaccine due": during the vaccination season, a patient six months or older whose
 * chart holds no completed influenza vaccination for this season gets a reminder. Between
 * seasons it says nothing and reads nothing. It counts an Immunization of any influenza vaccine
 * (by CVX code) from {@value InfluenzaSeason#EARLY_MONTHS} months before the season started, and
 * reads only how many there are, not the records themselves.
 * <p>Its settings are the plugin's one configuration, {@link RemindersConfiguration}; the metatype
 * that describes it is designated once, on {@link BloodPressureScreening}.
 */
@Component(configurationPid = RemindersConfiguration.PID)
public class InfluenzaVaccination implements CdsService {

    static final String ID = "influenza-vaccine";
    static final String SOURCE = "Example Health Reminders (sample), after CDC/ACIP: seasonal influenza vaccination";
    static final String LINK = "https://www.cdc.gov/flu/";
    private static final String CVX = "http://hl7.org/fhir/sid/cvx";
    /**
     * Influenza vaccines by CVX code: seasonal inactivated, recombinant, live intranasal, high-dose
     * and adjuvanted, trivalent and quadrivalent, and "unspecified formulation". A product would
     * follow the CDC's value set instead of a list in its code.
     */
    static final List<Token> INFLUENZA_VACCINES = List.of("15", "16", "88", "111", "135", "140", "141", "144",
            "149", "150", "151", "153", "155", "158", "161", "166", "168", "171", "185", "186", "197", "205").stream()
            .map(code -> new Token(CVX, code)).toList();

    private final PatientService patients;
    private final ChartService chart;
    private final Clock clock;
    private volatile Settings settings;

    /** The season as configured, or why the configuration cannot be used. */
    private record Settings(InfluenzaSeason season, String problem) {

        static Settings of(RemindersConfiguration config) {
            try {
                return new Settings(InfluenzaSeason.parse(config.influenzaSeasonStart(), config.influenzaSeasonEnd()), null);
            } catch (IllegalArgumentException e) {
                return new Settings(null, e.getMessage());
            }
        }
    }

    @Activate
    public InfluenzaVaccination(@Reference PatientService patients, @Reference ChartService chart,
            RemindersConfiguration config) {
        this(patients, chart, Clock.systemDefaultZone(), config);
    }

    /** For tests: a clock of their own. */
    InfluenzaVaccination(PatientService patients, ChartService chart, Clock clock, RemindersConfiguration config) {
        this.patients = patients;
        this.chart = chart;
        this.clock = clock;
        this.settings = Settings.of(config);
    }

    @Modified
    void modified(RemindersConfiguration config) {
        settings = Settings.of(config);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Influenza vaccination";
    }

    @Override
    public Set<CdsHook> hooks() {
        return Set.of(CdsHook.PATIENT_VIEW);
    }

    @Override
    public List<Card> invoke(CdsRequest request) {
        Settings now = settings;
        if (now.problem() != null) {
            // misconfigured: reported as unavailable (and in the health check) rather than guessing a season
            throw new IllegalStateException(now.problem());
        }
        LocalDate today = LocalDate.now(clock);
        Optional<InfluenzaSeason.Current> season = now.season().on(today);
        if (season.isEmpty()) {
            return List.of();
        }
        try {
            Patient patient = patients.get(request.patientId());
            if (patient.birthDate() != null && patient.birthDate().plusMonths(6).isAfter(today)) {
                return List.of();
            }
            LocalDate from = season.get().vaccinationsFrom();
            int given = chart.search(new ChartQuery("Immunization", request.patientId(),
                    from.atStartOfDay(clock.getZone()).toInstant(), null, INFLUENZA_VACCINES, List.of(),
                    List.of("completed"), true, 0, 0)).total();
            if (given > 0) {
                return List.of();
            }
            return List.of(new Card("Influenza vaccine due for the " + season.get().label() + " season",
                    "No influenza vaccination is recorded since " + from + ". Everyone six months and older should"
                            + " be vaccinated every season, unless there is a contraindication.",
                    Card.Indicator.INFO, SOURCE, LINK));
        } catch (AccessDeniedException e) {
            return List.of();
        }
    }
}
