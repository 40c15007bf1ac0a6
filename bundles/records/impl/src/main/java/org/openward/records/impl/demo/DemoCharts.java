package org.openward.records.impl.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import org.openward.platform.api.demo.DemoDataContribution;
import org.openward.records.api.ChartQuery;
import org.openward.records.api.CareRelationships;
import org.openward.records.api.ChartService;
import org.openward.records.api.Patient;
import org.openward.records.api.PatientPage;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.PatientService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Synthetic clinical histories for the demo patients ({@link SyntheticChart}), {@code chartYears}
 * of it each, the same every time for a patient (seeded by their demo number). A patient whose
 * chart has encounters already is left alone, so an interrupted load resumes where it stopped.
 * The first {@value #ON_WARD} demo patients stay on ward {@value #WARD}, where the demo physician
 * and nurse work: theirs are the charts the demo clinicians open.
 */
@Component(configurationPid = "org.openward.demo")
@Designate(ocd = DemoCharts.Config.class)
public class DemoCharts implements DemoDataContribution {

    @ObjectClassDefinition(name = "OpenWard demo charts")
    public @interface Config {
        @AttributeDefinition(name = "Years of history", description = "How many years of invented clinical history"
                + " each demo patient gets; 0 for none.")
        int chartYears() default 2;
    }

    static final int VISITS_PER_YEAR = 4;
    static final String WARD = "4-west";
    static final int ON_WARD = 20;
    private static final List<String> WARD_STAFF = List.of("physician", "nurse");

    private final PatientService patients;
    private final ChartService chart;
    private final CareRelationships care;
    private final int years;

    @Activate
    public DemoCharts(@Reference PatientService patients, @Reference ChartService chart,
            @Reference CareRelationships care, Config config) {
        this.patients = patients;
        this.chart = chart;
        this.care = care;
        this.years = config.chartYears();
    }

    @Override
    public String name() {
        return "records-charts";
    }

    @Override
    public void load() {
        if (years <= 0) {
            return;
        }
        PatientQuery demo = PatientQuery.builder().identifier(DemoPatients.DEMO_SYSTEM, null).page(0, 0).build();
        int count = patients.search(demo).total();
        if (count < DemoPatients.COUNT) {
            throw new IllegalStateException("the demo patients are not all registered yet (" + count + ")");
        }
        Instant now = Instant.now();
        // in demo-number order: DEMO-0001, the portal account's patient, is ready first
        for (int number = 1; number <= DemoPatients.COUNT; number++) {
            PatientPage found = patients.search(PatientQuery.builder()
                    .identifier(DemoPatients.DEMO_SYSTEM, DemoPatients.demoNumber(number)).page(0, 1).build());
            if (found.patients().isEmpty()) {
                continue;
            }
            Patient patient = found.patients().get(0);
            if (chart.search(ChartQuery.all("Encounter", patient.id(), 0, 0)).total() > 0) {
                continue;
            }
            if (number == 1) {
                WARD_STAFF.forEach(user -> care.assignToWard(user, WARD));
            }
            if (number <= ON_WARD) {
                care.admitToWard(patient.id(), WARD);
            }
            LocalDate birth = patient.birthDate() == null ? LocalDate.of(1970, 1, 1) : patient.birthDate();
            new SyntheticChart(new Random(seed(patient)), patient.id(), birth, now, chart::create)
                    .generate(years, VISITS_PER_YEAR);
        }
    }

    private static long seed(Patient patient) {
        return patient.identifiers().stream().filter(i -> DemoPatients.DEMO_SYSTEM.equals(i.system()))
                .mapToLong(i -> i.value().hashCode()).findFirst().orElse(patient.id().hashCode());
    }
}
