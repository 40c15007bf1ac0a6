package org.openward.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.itests.support.ClinicalData;
import org.openward.itests.support.Http;
import org.openward.itests.support.NewBuild;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The zero-downtime proof: under steady reads and writes, the records, audit and pharmacy modules'
 * implementation bundles are replaced by new builds again and again. No request fails, no bundle
 * outside the updated one stops, every patient written can be read back, and every allergy
 * recorded meanwhile reaches the pharmacy through the event outbox exactly once, although the
 * pharmacy was being replaced while they came. And a replaced build
 * is really gone: after many updates of the records, audit and pharmacy implementations, with
 * traffic through each of them in between, the class loader of every replaced build is collected,
 * so a runtime can be updated for years without filling its memory with old builds.
 *
 * <p>On embedded Derby one path outlives the update itself: Derby 10.16 keeps one SQL parser per
 * pooled connection, whose stack trace pins the classes of the connection's first caller (often
 * the build that ran at boot). The pool renews its connections (pool.maxLifetime, 10 minutes in
 * the shipped configuration; 30 s here), and with the connection that build goes too; see
 * docs/architecture.md, "Replaced builds are collectable". Every other path is released at the
 * update.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleUpdateIT extends OpenWardTestSupport {

    private static final int CYCLES = 3;
    private static final String RESCREEN = "pharmacy.allergy-rescreen";
    private static final int CLIENTS = 4;
    /** Updates of each module before its replaced builds' class loaders are counted. */
    private static final int RELEASE_CYCLES = 5;
    /** How long the collector gets to free the replaced builds once nothing holds them. */
    private static final Duration COLLECTION = Duration.ofSeconds(120);
    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /** Pool connections renewed every 30 s, so that Derby's per-connection parser lets go within the test. */
    @Override
    protected List<Option> settings() {
        return List.of(editConfigurationFilePut("etc/org.ops4j.datasource-openward.cfg", "pool.maxLifetime", "30000"),
                editConfigurationFilePut("etc/org.ops4j.datasource-openward.cfg", "pool.houseKeepingPeriod", "5000"));
    }

    @Test
    public void implementationBundlesExportNothing() {
        List<String> exporting = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name.startsWith("org.openward.") && name.endsWith(".impl")
                    && bundle.getHeaders().get("Export-Package") != null) {
                exporting.add(name + ": " + bundle.getHeaders().get("Export-Package"));
            }
        }
        assertEquals(List.of(), exporting);
    }

    @Test
    public void modulesAreUpdatedUnderLoadWithoutAFailedRequest() throws Exception {
        Bundle records = bundle("org.openward.records.impl");
        Bundle audit = bundle("org.openward.audit.impl");
        Bundle pharmacy = bundle("org.openward.pharmacy.impl");
        Path builds = Files.createTempDirectory("openward-builds");
        await("the pharmacy's event cursor", Duration.ofSeconds(60), () -> eventCursor(RESCREEN)[0] >= 0);
        long processedBefore = eventCursor(RESCREEN)[1];

        Map<String, AtomicInteger> stopped = new ConcurrentHashMap<>();
        SynchronousBundleListener stops = event -> {
            if (event.getType() == BundleEvent.STOPPED) {
                stopped.computeIfAbsent(event.getBundle().getSymbolicName(), n -> new AtomicInteger()).incrementAndGet();
            }
        };

        int auditedBefore = auditedModuleChanges().size();
        Load load = new Load(loginAs("registration"), loginAs("integration"));
        load.start();
        bundleContext.addBundleListener(stops);
        try {
            load.awaitRequests(50);
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                for (Bundle bundle : List.of(records, audit, pharmacy)) {
                    Path build = newBuild(bundle, builds, "u" + cycle);
                    int before = load.requests();
                    String out = shell("openward:module-update " + module(bundle) + " " + build, "admin-on-shell", "admin");
                    assertThat(out, containsString(" updated: " + bundle.getSymbolicName()));
                    assertTrue(bundle.getSymbolicName() + " runs the new build",
                            bundle.getVersion().getQualifier().endsWith("_u" + cycle));
                    load.awaitRequests(before + 20);
                }
            }
            String previous = records.getVersion().toString();
            String out = shell("openward:module-rollback openward-records", "admin-on-shell", "admin");
            assertThat(out, containsString("rolled back"));
            assertTrue("back on the build before " + previous, records.getVersion().getQualifier().endsWith("_u" + (CYCLES - 1)));
            load.awaitRequests(load.requests() + 20);
        } finally {
            bundleContext.removeBundleListener(stops);
            load.stop();
        }

        assertEquals("failed requests", List.of(), load.failures);
        Map<String, Integer> restarts = new TreeMap<>();
        stopped.forEach((name, count) -> restarts.put(name, count.get()));
        assertEquals("bundles stopped: each updated bundle once per update, nothing else",
                Map.of("org.openward.audit.impl", CYCLES, "org.openward.pharmacy.impl", CYCLES,
                        "org.openward.records.impl", CYCLES + 1), restarts);
        for (String id : load.created) {
            assertStatus(200, http().get("/fhir/Patient/" + id, loginAs("registration")));
        }
        assertTrue("allergies recorded during the updates", load.allergies.get() > 0);
        await("the pharmacy to take every allergy event into account", Duration.ofSeconds(120),
                () -> eventBacklog(RESCREEN, "records.allergy-recorded") == 0);
        assertEquals("every allergy event taken into account once: none lost, none twice",
                processedBefore + load.allergies.get(), eventCursor(RESCREEN)[1]);
        List<AuditRecord> updates = auditedModuleChanges();
        updates = updates.subList(0, updates.size() - auditedBefore);
        assertEquals("every update and the rollback audited with who did it", 3 * CYCLES + 1, updates.size());
        assertTrue(updates.stream().allMatch(r -> r.actor().equals("admin-on-shell")));
    }

    /** Module updates and rollbacks on the audit trail, newest first. */
    private List<AuditRecord> auditedModuleChanges() {
        return auditTrail(AuditQuery.latest(500).actions(AuditAction.MODULE_CHANGE)).stream()
                .filter(r -> r.detail().contains(" -> ")).toList();
    }

    @Test
    public void replacedBuildsAreReleased() throws Exception {
        List<Bundle> implementations = List.of(bundle("org.openward.records.impl"), bundle("org.openward.audit.impl"),
                bundle("org.openward.pharmacy.impl"));
        Path builds = Files.createTempDirectory("openward-builds");
        Map<Bundle, List<WeakReference<ClassLoader>>> replaced = new LinkedHashMap<>();
        exerciseEveryModule();
        for (int cycle = 1; cycle <= RELEASE_CYCLES; cycle++) {
            for (Bundle bundle : implementations) {
                replaced.computeIfAbsent(bundle, b -> new ArrayList<>()).add(classLoaderOf(bundle));
                Path build = newBuild(bundle, builds, "g" + cycle);
                String out = shell("openward:module-update " + module(bundle) + " " + build, "admin-on-shell", "admin");
                assertThat(out, containsString(" updated: " + bundle.getSymbolicName()));
                exerciseEveryModule();
            }
        }
        assertEquals("replaced class loaders still reachable per bundle, after " + RELEASE_CYCLES + " updates each",
                Map.of(), retainedAfterCollection(replaced));
    }

    /** A weak hold on the bundle's class loader: the test itself must not keep the build alive. */
    private static WeakReference<ClassLoader> classLoaderOf(Bundle bundle) {
        return new WeakReference<>(bundle.adapt(BundleWiring.class).getClassLoader());
    }

    /**
     * Collects garbage, with allocations in between so that softly held objects go too, until
     * every replaced class loader is gone or {@link #COLLECTION} has passed; returns the number
     * still reachable per bundle that has any.
     */
    private static Map<String, Integer> retainedAfterCollection(Map<Bundle, List<WeakReference<ClassLoader>>> replaced)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(COLLECTION);
        Map<String, Integer> retained = retained(replaced);
        while (!retained.isEmpty() && Instant.now().isBefore(deadline)) {
            List<byte[]> pressure = new ArrayList<>();
            long free = Runtime.getRuntime().maxMemory() - Runtime.getRuntime().totalMemory()
                    + Runtime.getRuntime().freeMemory();
            for (long allocated = 0; allocated < free / 2; allocated += 1 << 20) {
                pressure.add(new byte[1 << 20]);
            }
            pressure.clear();
            System.gc();
            Thread.sleep(500);
            retained = retained(replaced);
        }
        return retained;
    }

    private static Map<String, Integer> retained(Map<Bundle, List<WeakReference<ClassLoader>>> replaced) {
        Map<String, Integer> retained = new TreeMap<>();
        replaced.forEach((bundle, loaders) -> {
            ClassLoader current = bundle.adapt(BundleWiring.class).getClassLoader();
            int alive = (int) loaders.stream().map(WeakReference::get).filter(l -> l != null && l != current).count();
            if (alive > 0) {
                retained.put(bundle.getSymbolicName(), alive);
            }
        });
        return retained;
    }

    /**
     * Real work for each updated module, over HTTP and the shell: records registers, reads and
     * searches a patient and puts a physician on the care team; pharmacy checks an order for that
     * patient and lists the patient's orders; audit records all of it and an auditor searches it.
     */
    private void exerciseEveryModule() {
        String registration = loginAs("registration");
        Patient patient = new Patient();
        patient.addName().setFamily(uniqueName("Release")).addGiven("Rita");
        Http.Answer created = http().post("/fhir/Patient", registration, FHIR_JSON, encode(patient));
        assertStatus(201, created);
        String id = parse(Patient.class, created.body()).getIdElement().getIdPart();
        assertStatus(200, http().get("/fhir/Patient/" + id, registration));
        assertStatus(200, http().get("/fhir/Patient?family=release&_count=5", registration));
        putOnCareTeam(id, "physician");

        String physician = loginAs("physician");
        Http.Answer checked = http().post("/fhir/MedicationRequest/$check", physician, FHIR_JSON, encode(amoxicillin(id)));
        assertStatus(200, checked);
        assertStatus(200, http().get("/fhir/MedicationRequest?patient=" + id, physician));
        assertThat(shell("pharmacy:stock pharmacy", "pharm-on-shell", "pharmacist"), containsString(" at pharmacy."));

        Http.Answer trail = http().get("/fhir/AuditEvent?patient=Patient/" + id, loginAs("auditor"));
        assertStatus(200, trail);
        assertTrue("the patient's creation is on the trail", parse(org.hl7.fhir.r4.model.Bundle.class, trail.body()).getTotal() > 0);
        assertThat(shell("audit:search -n 5 --patient " + id, "privacy-officer", "auditor"), containsString(id));
    }

    /** Amoxicillin 500 mg by mouth once a day, for the pharmacy's safety checks. */
    private static MedicationRequest amoxicillin(String patientId) {
        MedicationRequest order = new MedicationRequest();
        order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.setSubject(new Reference("Patient/" + patientId));
        order.setMedication(new CodeableConcept(new Coding(RXNORM, "723", null)));
        var dosage = order.addDosageInstruction();
        dosage.addDoseAndRate().setDose(new Quantity().setValue(BigDecimal.valueOf(500)).setUnit("mg")
                .setSystem("http://unitsofmeasure.org").setCode("mg"));
        dosage.setRoute(new CodeableConcept(new Coding("http://snomed.info/sct", "26643006", "Oral")));
        dosage.getTiming().getRepeat().setFrequency(1).setPeriod(24).setPeriodUnit(Timing.UnitsOfTime.H);
        return order;
    }

    @Test
    public void aBuildOfAnotherBundleIsRefusedAndChangesNothing() throws Exception {
        Bundle records = bundle("org.openward.records.impl");
        String version = records.getVersion().toString();
        Path wrong = newBuild(bundle("org.openward.audit.impl"), Files.createTempDirectory("openward-builds"), "x");
        String out = shell("openward:module-update openward-records " + wrong, "admin-on-shell", "admin");
        assertThat(out, containsString("not a build of org.openward.records.impl"));
        assertEquals(version, records.getVersion().toString());
        assertRefusedByTheCommandAcl(shell("openward:module-update openward-records " + wrong, "nurse-on-shell", "nurse"));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private static String module(Bundle bundle) {
        return bundle.getSymbolicName().replace("org.openward.", "openward-").replace(".impl", "");
    }

    /** A new build of the bundle: the same content under a new version, as a release would bring. */
    private static Path newBuild(Bundle bundle, Path directory, String suffix) throws Exception {
        try (InputStream original = new URL(bundle.getLocation()).openStream()) {
            return NewBuild.of(original, directory, suffix);
        }
    }

    /** Steady mixed load: each client registers a patient, reads it back and searches, in a loop. */
    private final class Load {

        final List<String> failures = new CopyOnWriteArrayList<>();
        final Set<String> created = ConcurrentHashMap.newKeySet();
        /** Allergies recorded: each is an event the pharmacy must take into account once. */
        final AtomicInteger allergies = new AtomicInteger();
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        private final String token;
        private final String interfaceEngine;

        /**
         * @param token           a registration clerk's: registers, reads and searches patients
         * @param interfaceEngine an integration account's: records an allergy for every fourth patient
         */
        Load(String token, String interfaceEngine) {
            this.token = token;
            this.interfaceEngine = interfaceEngine;
        }

        void start() {
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(this::run);
            }
        }

        private void run() {
            Http http = http();
            while (running.get()) {
                try {
                    once(http);
                } catch (RuntimeException e) {
                    requests.incrementAndGet();
                    failures.add("no answer: " + e);
                }
            }
        }

        private void once(Http http) {
            {
                Patient patient = new Patient();
                patient.addName().setFamily(uniqueName("Update")).addGiven("Una");
                Http.Answer answer = http.post("/fhir/Patient", token, FHIR_JSON, encode(patient));
                if (!check(201, answer, "create")) {
                    return;
                }
                String id = parse(Patient.class, answer.body()).getIdElement().getIdPart();
                created.add(id);
                if (created.size() % 4 == 0 && check(201, http.post("/fhir/AllergyIntolerance", interfaceEngine,
                        FHIR_JSON, encode(ClinicalData.penicillinAllergy(id))), "allergy")) {
                    allergies.incrementAndGet();
                }
                check(200, http.get("/fhir/Patient/" + id, token), "read");
                check(200, http.get("/fhir/Patient?family=update&_count=5", token), "search");
            }
        }

        private boolean check(int expected, Http.Answer answer, String what) {
            requests.incrementAndGet();
            if (answer.status() != expected) {
                failures.add(what + " answered " + answer.status() + ": " + answer.body());
                return false;
            }
            return true;
        }

        int requests() {
            return requests.get();
        }

        void awaitRequests(int count) {
            await(count + " requests served", Duration.ofSeconds(120), () -> requests.get() >= count);
        }

        void stop() throws InterruptedException {
            running.set(false);
            clients.shutdown();
            clients.awaitTermination(2, TimeUnit.MINUTES);
        }
    }
}
