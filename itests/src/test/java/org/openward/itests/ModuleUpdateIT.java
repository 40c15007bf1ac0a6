package org.openward.itests;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

import org.hl7.fhir.r4.model.Patient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openward.audit.api.AuditAction;
import org.openward.audit.api.AuditQuery;
import org.openward.audit.api.AuditRecord;
import org.openward.itests.support.Http;
import org.openward.itests.support.NewBuild;
import org.openward.itests.support.OpenWardTestSupport;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * The zero-downtime proof: under steady reads and writes, the records and audit modules'
 * implementation bundles are replaced by new builds again and again. No request fails, no bundle
 * outside the updated one stops, and every patient written can be read back. (Not yet proven:
 * that the replaced builds' class loaders are released; they are still reachable today.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleUpdateIT extends OpenWardTestSupport {

    private static final int CYCLES = 3;
    private static final int CLIENTS = 4;

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
        Path builds = Files.createTempDirectory("openward-builds");

        Map<String, AtomicInteger> stopped = new ConcurrentHashMap<>();
        SynchronousBundleListener stops = event -> {
            if (event.getType() == BundleEvent.STOPPED) {
                stopped.computeIfAbsent(event.getBundle().getSymbolicName(), n -> new AtomicInteger()).incrementAndGet();
            }
        };

        Load load = new Load(loginAs("registration"));
        load.start();
        bundleContext.addBundleListener(stops);
        try {
            load.awaitRequests(50);
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                for (Bundle bundle : List.of(records, audit)) {
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
                Map.of("org.openward.audit.impl", CYCLES, "org.openward.records.impl", CYCLES + 1), restarts);
        for (String id : load.created) {
            assertStatus(200, http().get("/fhir/Patient/" + id, loginAs("registration")));
        }
        List<AuditRecord> updates = auditTrail(AuditQuery.latest(500).actions(AuditAction.MODULE_CHANGE)).stream()
                .filter(r -> r.detail().contains(" -> ")).toList();
        assertEquals("every update and the rollback audited with who did it", 2 * CYCLES + 1, updates.size());
        assertTrue(updates.stream().allMatch(r -> r.actor().equals("admin-on-shell")));

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
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        private final String token;

        Load(String token) {
            this.token = token;
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
            await(count + " requests served", java.time.Duration.ofSeconds(120), () -> requests.get() >= count);
        }

        void stop() throws InterruptedException {
            running.set(false);
            clients.shutdown();
            clients.awaitTermination(2, TimeUnit.MINUTES);
        }
    }
}
