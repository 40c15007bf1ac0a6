package org.openward.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.itests.support.Http;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A third-party plugin in the real distribution: the sample plugin's KAR, dropped into
 * {@code deploy/} as an administrator would, installs its feature; its decision support cards
 * then come with the chart ({@code $cds-patient-view}) for a physician of the patient, its reads
 * are on the audit trail under the plugin's name, and when it is made to hang or to throw the
 * chart still answers, naming the service unavailable, while the health check warns. Removing the
 * KAR from {@code deploy/} removes the plugin and its cards; nothing of the platform restarts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginIT extends OpenWardTestSupport {

    /** Tells the tests inside the container where the sample plugin's KAR is. */
    private static final String SAMPLE_KAR = "openward.itest.sample.kar";
    private static final String PLUGIN = "com.example.openward.reminders";
    private static final String FEATURE = "openward-sample-cds-reminders";
    private static final String PID = "com.example.openward.reminders";
    private static final String CDS_SERVICE = "org.openward.platform.api.cds.CdsService";
    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";

    @Inject
    FeaturesService features;

    @Inject
    ConfigurationAdmin configurations;

    private Path deployed;

    @Configuration
    @Override
    public Option[] config() throws IOException, SQLException {
        String kar = System.getProperty("openward.sample.kar");
        if (kar == null || !new File(kar).isFile()) {
            throw new IllegalStateException("no sample plugin KAR at " + kar + "; build bundles/samples/cds-reminders first");
        }
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.add(systemProperty(SAMPLE_KAR).value(new File(kar).getAbsolutePath()));
        return options.toArray(Option[]::new);
    }

    @After
    public void removePluginAndSettings() throws Exception {
        if (deployed != null) {
            Files.deleteIfExists(deployed);
        }
        var configuration = configurations.listConfigurations("(service.pid=" + PID + ")");
        if (configuration != null) {
            configuration[0].delete();
        }
    }

    @Test
    public void aPluginDroppedIntoDeployAdvisesOnTheChartCannotBreakItAndLeavesWithoutATrace() throws Exception {
        String chartService = serviceId("org.openward.records.api.ChartService");

        // --- installed from deploy/: its feature, its bundle, importing published API packages only
        Path kar = Path.of(System.getProperty(SAMPLE_KAR));
        Path staged = Files.createDirectories(Path.of(System.getProperty("karaf.data"), "tmp"))
                .resolve(kar.getFileName() + ".part");
        Files.copy(kar, staged, StandardCopyOption.REPLACE_EXISTING);
        deployed = Path.of(System.getProperty("karaf.base"), "deploy", kar.getFileName().toString());
        Files.move(staged, deployed, StandardCopyOption.ATOMIC_MOVE); // never seen half-written
        await("the plugin's feature installed", Duration.ofSeconds(120), () -> features.isInstalled(feature()));
        await("the plugin's bundle active", Duration.ofSeconds(60),
                () -> plugin().map(b -> b.getState() == Bundle.ACTIVE).orElse(false));
        assertThat(shell("kar:list", "ops", "admin"), containsString("openward-sample-cds-reminders-kar"));
        Bundle bundle = plugin().orElseThrow();
        assertNull("a plugin exports nothing", bundle.getHeaders().get("Export-Package"));
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        for (BundleRequirement imported : wiring.getRequirements("osgi.wiring.package")) {
            assertThat("an import with a semantic version range", imported.getDirectives().get("filter"),
                    containsString("(!(version>="));
        }
        for (BundleWire wire : wiring.getRequiredWires("osgi.wiring.package")) {
            String provider = wire.getProvider().getSymbolicName();
            assertFalse(wire.getCapability().getAttributes() + " comes from an impl bundle: " + provider,
                    provider.endsWith(".impl"));
        }

        // --- the chart of an adult in the physician's care, with nothing recorded yet
        String patientId = adultInCare();
        String physician = loginAs("physician");
        // the influenza season set around today, so that whether the vaccine is due does not hang on the date
        LocalDate today = LocalDate.now();
        DateTimeFormatter monthDay = DateTimeFormatter.ofPattern("MM-dd");
        configure(Map.of("influenzaSeasonStart", today.minusDays(30).format(monthDay),
                "influenzaSeasonEnd", today.plusDays(30).format(monthDay)));

        await("the plugin's cards", Duration.ofSeconds(60), () -> fromPlugin(cards(cdsView(patientId, physician))).size() == 2);
        List<Map<String, String>> cards = fromPlugin(cards(cdsView(patientId, physician)));
        Map<String, String> bloodPressure = card(cards, "blood-pressure-screening");
        assertEquals("No blood pressure on record", bloodPressure.get("summary"));
        assertEquals("warning", bloodPressure.get("indicator"));
        assertThat(bloodPressure.get("source"), containsString("USPSTF"));
        assertThat(bloodPressure.get("link"), startsWith("https://"));
        assertThat(bloodPressure.get("detail"), containsString("this chart holds no measurement"));
        Map<String, String> influenza = card(cards, "influenza-vaccine");
        assertThat(influenza.get("summary"), startsWith("Influenza vaccine due for the " + today.minusDays(30).getYear()));
        assertEquals("info", influenza.get("indicator"));
        assertEquals(List.of(), fromPlugin(unavailable(cdsView(patientId, physician))));

        // --- its reads are the physician's, on the audit trail under the plugin's name
        List<AuditRecord> byPlugin = auditTrail(AuditQuery.forPatient(patientId, 500)).stream()
                .filter(r -> PLUGIN.equals(r.plugin())).toList();
        assertTrue(byPlugin.toString(), byPlugin.stream().allMatch(r -> r.actor().equals("physician")));
        assertTrue(byPlugin.toString(), byPlugin.stream().anyMatch(r -> r.action() == AuditAction.READ
                && "Patient".equals(r.resourceType())));
        assertTrue(byPlugin.toString(), byPlugin.stream().anyMatch(r -> r.action() == AuditAction.SEARCH
                && "Observation".equals(r.resourceType())));
        assertTrue(byPlugin.toString(), byPlugin.stream().anyMatch(r -> r.action() == AuditAction.SEARCH
                && "Immunization".equals(r.resourceType())));
        assertThat(shell("audit:search -n 50 --patient " + patientId, "privacy-officer", "auditor"),
                containsString("physician (plugin " + PLUGIN + ")"));

        // --- made to hang: the chart answers, names the service unavailable, keeps the other cards
        configure(Map.of("faulty", "hangs"));
        Parameters hung = cdsView(patientId, physician);
        assertEquals(List.of(Map.of("plugin", PLUGIN, "service", "fault-demonstration",
                "title", "Fault demonstration (sample)", "reason", "it did not answer within 2000 ms")),
                fromPlugin(unavailable(hung)));
        assertEquals(2, fromPlugin(cards(hung)).size());
        awaitHealthWarning("it did not answer within 2000 ms");
        Http.Answer balancer = http().get("/health", null);
        assertEquals("a plugin's failure is a warning, not an outage", 200, balancer.status());
        assertEquals("{\"status\":\"WARN\"}", balancer.body());

        // --- made to throw: the same, with the reason
        configure(Map.of("faulty", "throws"));
        Parameters thrown = cdsView(patientId, physician);
        assertEquals("it failed (IllegalStateException)", fromPlugin(unavailable(thrown)).get(0).get("reason"));
        assertEquals(2, fromPlugin(cards(thrown)).size());
        awaitHealthWarning("it failed (IllegalStateException)");

        // --- made to act as the system instead of the user: refused, whatever the plugin does with it
        configure(Map.of("faulty", "escalates"));
        Parameters escalated = cdsView(patientId, physician);
        assertEquals("it failed (IllegalCallerException)", fromPlugin(unavailable(escalated)).get(0).get("reason"));
        assertEquals("no card read as the system", 2, fromPlugin(cards(escalated)).size());
        awaitHealthWarning("it failed (IllegalCallerException)");

        // --- well again: nothing unavailable, and the health check says so
        configure(Map.of("faulty", "none"));
        assertEquals(List.of(), fromPlugin(unavailable(cdsView(patientId, physician))));
        await("the health check to see the service answering again", Duration.ofSeconds(30),
                () -> shell("openward:health", "ops", "admin").contains(PLUGIN + "/fault-demonstration: answering"));

        // --- the advice follows the chart: a blood pressure and a flu shot recorded, the reminders go
        assertStatus(201, http().post("/fhir/Observation", physician, FHIR_JSON, encode(bloodPressure(patientId))));
        assertStatus(201, http().post("/fhir/Immunization", physician, FHIR_JSON, encode(fluShot(patientId))));
        assertEquals(List.of(), fromPlugin(cards(cdsView(patientId, physician))));

        // --- removed from deploy/: the feature and the bundle go, and with them its cards
        Files.delete(deployed);
        deployed = null;
        await("the plugin's feature uninstalled", Duration.ofSeconds(120),
                () -> feature() == null || !features.isInstalled(feature()));
        await("the plugin's bundle gone", Duration.ofSeconds(60), () -> plugin().isEmpty());
        Parameters after = cdsView(patientId, physician);
        assertEquals(List.of(), fromPlugin(cards(after)));
        assertEquals(List.of(), fromPlugin(unavailable(after)));
        assertThat(shell("openward:health", "ops", "admin"), not(containsString(PLUGIN)));
        assertThat(shell("kar:list", "ops", "admin"), not(containsString("openward-sample-cds-reminders-kar")));
        assertEquals("nothing of the platform restarted: the records service is the one registered before",
                chartService, serviceId("org.openward.records.api.ChartService"));
    }

    // ------------------------------------------------------------------ helpers

    /** The plugin's feature, or null while no repository names it. */
    private Feature feature() {
        try {
            return features.getFeature(FEATURE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Bundle> plugin() {
        return Arrays.stream(bundleContext.getBundles()).filter(b -> PLUGIN.equals(b.getSymbolicName())).findFirst();
    }

    private String serviceId(String type) {
        ServiceReference<?> reference = bundleContext.getServiceReference(type);
        return reference == null ? null : String.valueOf(reference.getProperty("service.id"));
    }

    /**
     * Changes the plugin's settings through Configuration Admin, as editing
     * etc/com.example.openward.reminders.cfg would, and waits until all three of its services run
     * with them (the settings show among the services' properties).
     */
    private void configure(Map<String, String> settings) throws Exception {
        org.osgi.service.cm.Configuration configuration = configurations.getConfiguration(PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties() == null ? new Hashtable<>()
                : configuration.getProperties();
        settings.forEach(properties::put);
        configuration.update(properties);
        StringBuilder filter = new StringBuilder("(&(objectClass=" + CDS_SERVICE + ")");
        settings.forEach((key, value) -> filter.append('(').append(key).append('=').append(value).append(')'));
        String wanted = filter.append(')').toString();
        await("the plugin's services to take " + settings, Duration.ofSeconds(60), () -> {
            try {
                ServiceReference<?>[] found = bundleContext.getServiceReferences((String) null, wanted);
                return found != null && found.length == 3;
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void awaitHealthWarning(String reason) {
        try {
            await("the health check to warn: " + reason, Duration.ofSeconds(60), () -> {
                String report = shell("openward:health", "ops", "admin");
                return report.contains("Overall: WARN") && report.contains("Decision support")
                        && report.contains(PLUGIN + "/fault-demonstration: unavailable") && report.contains(reason);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the report:\n" + shell("openward:health", "ops", "admin"), e);
        }
    }

    /** Registers an adult patient and puts the demo physician on their care team. */
    private String adultInCare() {
        Patient patient = new Patient();
        patient.addName().setFamily(uniqueName("Plugin")).addGiven("Petra");
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1961-04-12"));
        patient.setGender(AdministrativeGender.FEMALE);
        Http.Answer created = http().post("/fhir/Patient", loginAs("registration"), FHIR_JSON, encode(patient));
        assertStatus(201, created);
        String id = parse(Patient.class, created.body()).getIdElement().getIdPart();
        putOnCareTeam(id, "physician");
        return id;
    }

    private Parameters cdsView(String patientId, String token) {
        Http.Answer answer = http().get("/fhir/Patient/" + patientId + "/$cds-patient-view", token);
        assertStatus(200, answer);
        return parse(Parameters.class, answer.body());
    }

    private static List<Map<String, String>> cards(Parameters parameters) {
        return named(parameters, "card");
    }

    private static List<Map<String, String>> unavailable(Parameters parameters) {
        return named(parameters, "unavailable");
    }

    /** The parameters of a name, each as its parts' names and values. */
    private static List<Map<String, String>> named(Parameters parameters, String name) {
        List<Map<String, String>> found = new ArrayList<>();
        for (ParametersParameterComponent parameter : parameters.getParameter()) {
            if (parameter.getName().equals(name)) {
                Map<String, String> parts = new LinkedHashMap<>();
                parameter.getPart().forEach(part -> parts.put(part.getName(), part.getValue().primitiveValue()));
                found.add(parts);
            }
        }
        return found;
    }

    private static List<Map<String, String>> fromPlugin(List<Map<String, String>> entries) {
        return entries.stream().filter(e -> PLUGIN.equals(e.get("plugin"))).toList();
    }

    private static Map<String, String> card(List<Map<String, String>> cards, String service) {
        return cards.stream().filter(c -> service.equals(c.get("service"))).findFirst()
                .orElseThrow(() -> new AssertionError("no card of " + service + " in " + cards));
    }

    private static Observation bloodPressure(String patientId) {
        Observation pressure = new Observation();
        pressure.setStatus(Observation.ObservationStatus.FINAL);
        pressure.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "vital-signs", null)));
        pressure.setCode(new CodeableConcept(new Coding(LOINC, "85354-9", "Blood pressure panel")));
        pressure.setSubject(new Reference("Patient/" + patientId));
        pressure.setEffective(DateTimeType.now());
        pressure.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8480-6", null)))
                .setValue(new Quantity().setValue(128).setUnit("mm[Hg]").setSystem(UCUM).setCode("mm[Hg]"));
        pressure.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8462-4", null)))
                .setValue(new Quantity().setValue(82).setUnit("mm[Hg]").setSystem(UCUM).setCode("mm[Hg]"));
        return pressure;
    }

    private static Immunization fluShot(String patientId) {
        Immunization shot = new Immunization();
        shot.setStatus(Immunization.ImmunizationStatus.COMPLETED);
        shot.setVaccineCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/cvx", "140",
                "Influenza, seasonal, injectable, preservative free")));
        shot.setPatient(new Reference("Patient/" + patientId));
        shot.setOccurrence(DateTimeType.now());
        shot.setPrimarySource(true);
        return shot;
    }
}
