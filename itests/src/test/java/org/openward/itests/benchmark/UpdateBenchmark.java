package org.openward.itests.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.openward.itests.support.Distribution;
import org.openward.itests.support.NewBuild;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The module update benchmark: boots the built distribution in demo mode, drives a steady mixed
 * load of reads and writes at a fixed offered rate, and while it runs has an administrator
 * replace each module's implementation bundle with a new build again and again
 * ({@code openward:module-update} over {@code bin/client}, then one
 * {@code openward:module-rollback}). Writes the baseline and the update phase side by side
 * (requests, errors, throughput, p50/p99/max) and how long each update held requests into
 * docs/benchmarks.md. Not a test, but a failed request is a failed run: it prints FAILED and ends
 * with an error. {@code mvn -pl itests verify -Pbenchmark
 * -Dbenchmark.main=org.openward.itests.benchmark.UpdateBenchmark}.
 *
 * <p>Each client loops: register a patient (as registration), read it back, search patients by
 * family name, then one chart or pharmacy read as the pharmacist (a demo patient's allergies and
 * active medication orders, by turns), so that every updated module serves some of the load; the
 * audit module records every request.
 *
 * <p>Settings (system properties): benchmark.clients (8), benchmark.rate in requests per second
 * in all (150), benchmark.warmup.seconds (15), benchmark.seconds of baseline (30),
 * benchmark.cycles of updates of every module (5), benchmark.pause.seconds between updates (3),
 * benchmark.database (derby, or postgresql with the OPENWARD_TEST_POSTGRES_* variables),
 * benchmark.report (../docs/benchmarks.md).
 */
public final class UpdateBenchmark {

    private static final List<String> MODULES = List.of("openward-records", "openward-audit", "openward-pharmacy");
    private static final String ROLLED_BACK = "openward-records";
    private static final String ADMIN = "admin";
    private static final Pattern OUTCOME = Pattern.compile("(\\S+) (updated|rolled back): (\\S+) (\\S+) -> (\\S+); requests were held for (\\d+) ms");
    private static final int BODY_SHOWN = 300;
    /** The requests of a client's loop; the last one alternates between the last two. */
    private static final List<String> REQUESTS = List.of("POST /fhir/Patient", "GET /fhir/Patient/{id}",
            "GET /fhir/Patient?family=&_count=20", "GET /fhir/AllergyIntolerance?patient=",
            "GET /fhir/MedicationRequest?patient=&status=active");

    /** One update or rollback as the administrator ran it; held is -1 when the command did not say. */
    private record Update(String command, int exitStatus, String output, String from, String to, long heldMillis,
            double seconds) {

        boolean done() {
            return exitStatus == 0 && heldMillis >= 0;
        }
    }

    private final Distribution distribution;
    private final PatientRequests fhir;
    private final long started = System.nanoTime();
    private final List<HttpClient> sessions = new ArrayList<>();
    private final List<String> registration = new ArrayList<>();
    private final List<String> pharmacist = new ArrayList<>();
    private final List<String> demoPatients = new ArrayList<>();
    /** Per client: how many requests it has sent, and the patient it registered last. */
    private final int[] sent;
    private final String[] registered;
    /** What the administrator is doing, for the errors' report. */
    private volatile String doing = "warm-up";
    /** The round trips by phase and request, for the report. */
    private volatile String phase = "warm-up";
    private final Map<String, Map<String, Latencies>> byRequest = new ConcurrentHashMap<>();

    private UpdateBenchmark(Distribution distribution, int clients) throws Exception {
        this.distribution = distribution;
        this.fhir = new PatientRequests(distribution.baseUrl(), Duration.ofSeconds(60));
        this.sent = new int[clients];
        this.registered = new String[clients];
        for (int c = 0; c < clients; c++) {
            sessions.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
            registration.add(Demo.login(distribution.baseUrl(), "registration"));
            pharmacist.add(Demo.login(distribution.baseUrl(), "pharmacist"));
        }
        ObjectMapper json = new ObjectMapper();
        for (int n = 1; n <= 20; n++) {
            HttpResponse<String> found = fhir.get(sessions.get(0), registration.get(0),
                    "/fhir/Patient?identifier=urn:openward:demo-patient%7CDEMO-" + String.format("%04d", n));
            String id = json.readTree(found.body()).path("entry").path(0).path("resource").path("id").asText();
            if (id.isEmpty()) {
                throw new IllegalStateException("demo patient " + n + " not found: " + found.body());
            }
            demoPatients.add(id);
        }
    }

    public static void main(String[] args) throws Exception {
        double loadAtStart = BenchmarkReport.loadAverage();
        Path archive = Path.of(System.getProperty("openward.distribution"));
        Path report = Path.of(System.getProperty("benchmark.report", "../docs/benchmarks.md"));
        int clients = Integer.getInteger("benchmark.clients", 8);
        double rate = Double.parseDouble(System.getProperty("benchmark.rate", "150"));
        Duration warmup = Duration.ofSeconds(Long.getLong("benchmark.warmup.seconds", 15));
        Duration baseline = Duration.ofSeconds(Long.getLong("benchmark.seconds", 30));
        int cycles = Integer.getInteger("benchmark.cycles", 5);
        Duration pause = Duration.ofSeconds(Long.getLong("benchmark.pause.seconds", 3));
        String database = System.getProperty("benchmark.database", "derby");

        List<Clients.Phase> phases = new ArrayList<>();
        List<Update> updates;
        UpdateBenchmark benchmark;
        try (Distribution distribution = new Distribution(archive, Path.of("target/update-benchmark"), Demo.datasource(database))) {
            distribution.start(Duration.ofMinutes(3));
            // the demo charts load in the background for a while: measure once they are in
            distribution.awaitLog("Demo data loaded: records-charts", Duration.ofMinutes(15));
            distribution.awaitLog("Demo data loaded: pharmacy", Duration.ofMinutes(5));
            benchmark = new UpdateBenchmark(distribution, clients);
            Map<String, List<Path>> builds = benchmark.builds(Path.of("target/update-benchmark-builds"), cycles);
            try (Clients.Paced load = new Clients.Paced(clients, rate, "warm-up", benchmark::send)) {
                Thread.sleep(warmup.toMillis());
                phases.add(benchmark.report(load.next(benchmark.phase = "baseline (no updates)")));
                benchmark.doing = "baseline, no update";
                Thread.sleep(baseline.toMillis());
                phases.add(benchmark.report(load.next(benchmark.phase = "during updates")));
                updates = benchmark.updates(builds, pause);
                phases.add(benchmark.report(load.stop()));
            }
        }

        String section = section(database, clients, rate, warmup, baseline, cycles, pause, loadAtStart, phases,
                benchmark.byRequest, updates);
        BenchmarkReport.write(report, "module-update-" + database, section);
        System.out.println(section);
        int failed = phases.stream().mapToInt(p -> p.latencies().errors()).sum();
        long notDone = updates.stream().filter(u -> !u.done()).count();
        if (failed > 0 || notDone > 0) {
            System.out.println("FAILED: " + failed + " failed requests, " + notDone + " updates not done; see " + report);
            throw new IllegalStateException(failed + " requests failed and " + notDone + " updates were not done");
        }
    }

    // ------------------------------------------------------------------ the load

    /** Client {@code c}'s next request in its loop: register, read back, search, then a chart or pharmacy read. */
    private int send(int client, Random random) throws InterruptedException, Clients.Failure {
        int step = sent[client]++;
        HttpClient session = sessions.get(client);
        String kind = REQUESTS.get(step % 4 < 3 ? step % 4 : 3 + (step / 4) % 2);
        String what = kind;
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> answer;
            switch (step % 4) {
                case 0 -> {
                    answer = expect(201, fhir.create(session, registration.get(client), random), what, t0);
                    registered[client] = PatientRequests.id(answer);
                }
                case 1 -> {
                    String id = registered[client] != null ? registered[client] : demoPatient(random);
                    what = "GET /fhir/Patient/" + id;
                    answer = expect(200, fhir.read(session, registration.get(client), id), what, t0);
                }
                case 2 -> answer = expect(200, fhir.search(session, registration.get(client), random), what, t0);
                default -> {
                    String patient = demoPatient(random);
                    what = kind.replace("patient=", "patient=" + patient);
                    answer = expect(200, fhir.get(session, pharmacist.get(client), what.substring("GET ".length())), what, t0);
                }
            }
            byRequest.computeIfAbsent(phase, p -> new ConcurrentHashMap<>()).computeIfAbsent(kind, k -> new Latencies())
                    .add(System.nanoTime() - t0);
            return answer.statusCode();
        } catch (IOException e) {
            throw new Clients.Failure(e.getClass().getSimpleName(), when() + what + " got no answer after " + since(t0) + ": " + e);
        }
    }

    private String demoPatient(Random random) {
        return demoPatients.get(random.nextInt(demoPatients.size()));
    }

    private HttpResponse<String> expect(int status, HttpResponse<String> answer, String what, long sent) throws Clients.Failure {
        if (answer.statusCode() != status) {
            String body = answer.body().length() > BODY_SHOWN ? answer.body().substring(0, BODY_SHOWN) + "…" : answer.body();
            throw new Clients.Failure(Integer.toString(answer.statusCode()), when() + what + " answered "
                    + answer.statusCode() + " after " + since(sent) + " (request "
                    + answer.headers().firstValue("X-Request-Id").orElse("?") + "): " + body.replaceAll("\\s+", " "));
        }
        return answer;
    }

    /** When, in the run, and during what. */
    private String when() {
        return String.format(Locale.ROOT, "at %.1f s (%s): ", (System.nanoTime() - started) / 1e9, doing);
    }

    private static String since(long sent) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - sent) / 1e9);
    }

    private Clients.Phase report(Clients.Phase phase) {
        Latencies l = phase.latencies();
        Latencies due = phase.fromDue();
        System.out.printf(Locale.ROOT, "%-22s %6d requests %4d errors %6.1f req/s; round trip p50 %6.1f p99 %7.1f max %7.1f ms;"
                + " from due p50 %7.1f p99 %7.1f max %7.1f ms %s%n", phase.name(), phase.requests(), l.errors(),
                phase.requests() / phase.seconds(), l.percentileMillis(50), l.percentileMillis(99), l.percentileMillis(100),
                due.percentileMillis(50), due.percentileMillis(99), due.percentileMillis(100), l.errorKinds());
        l.firstErrors().forEach(e -> System.out.println("  " + e));
        return phase;
    }

    // ------------------------------------------------------------------ the updates

    /** Per module, a new build of its implementation bundle for each cycle: the shipped jar, versions ..._u1, _u2, … */
    private Map<String, List<Path>> builds(Path directory, int cycles) throws IOException {
        Files.createDirectories(directory);
        Map<String, List<Path>> builds = new LinkedHashMap<>();
        for (String module : MODULES) {
            Path shipped;
            try (Stream<Path> files = Files.walk(distribution.home().resolve("system/org/openward/" + module + "-impl"))) {
                shipped = files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
            }
            List<Path> jars = new ArrayList<>();
            for (int cycle = 1; cycle <= cycles; cycle++) {
                try (InputStream in = Files.newInputStream(shipped)) {
                    jars.add(NewBuild.of(in, directory, "u" + cycle).toAbsolutePath());
                }
            }
            builds.put(module, jars);
        }
        return builds;
    }

    /** Every module updated in turn, cycle after cycle, a pause after each; then one rollback. */
    private List<Update> updates(Map<String, List<Path>> builds, Duration pause) throws Exception {
        List<Update> updates = new ArrayList<>();
        int cycles = builds.values().iterator().next().size();
        for (int cycle = 0; cycle < cycles; cycle++) {
            for (String module : MODULES) {
                updates.add(run("openward:module-update " + module + " " + builds.get(module).get(cycle)));
                Thread.sleep(pause.toMillis());
            }
        }
        updates.add(run("openward:module-rollback " + ROLLED_BACK));
        Thread.sleep(pause.toMillis());
        return updates;
    }

    private Update run(String command) throws Exception {
        doing = command.replaceAll(" /\\S*/", " ");
        long t0 = System.nanoTime();
        Distribution.ShellAnswer answer = distribution.client(ADMIN, ADMIN + "-password", command, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - t0) / 1e9;
        String output = answer.output().strip();
        Matcher outcome = OUTCOME.matcher(output);
        Update update = outcome.find()
                ? new Update(command, answer.exitStatus(), output, outcome.group(4), outcome.group(5),
                        Long.parseLong(outcome.group(6)), seconds)
                : new Update(command, answer.exitStatus(), output, "?", "?", -1, seconds);
        System.out.printf(Locale.ROOT, "%s: %.1f s, exit %d: %s%n", doing, seconds, answer.exitStatus(), output);
        doing = "after " + doing;
        return update;
    }

    // ------------------------------------------------------------------ the report

    private static String section(String database, int clients, double rate, Duration warmup, Duration baseline, int cycles,
            Duration pause, double loadAtStart, List<Clients.Phase> phases, Map<String, Map<String, Latencies>> byRequest,
            List<Update> updates) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("### Module updates under load, ").append(Demo.databaseName(database)).append("\n\n");
        text.append(BenchmarkReport.measured(loadAtStart)).append('\n');
        text.append(String.format(Locale.ROOT, "%d clients paced to %.0f requests/s in all, each looping: register a patient"
                + " (`POST /fhir/Patient`, as registration), read it back, search patients by family name, then one read as the"
                + " pharmacist, by turns a demo patient's allergies (`GET /fhir/AllergyIntolerance?patient=`) and active orders"
                + " (`GET /fhir/MedicationRequest?patient=&status=active`); every request is also audited. After a %d s"
                + " warm-up, %d s of baseline, then the updates: %d round(s) of `openward:module-update` of %s, each to a new"
                + " build (the shipped jar with a new Bundle-Version qualifier), run by the demo admin with `bin/client`"
                + " %d s apart, and `openward:module-rollback %s` at the end.", clients, rate, warmup.toSeconds(),
                baseline.toSeconds(), cycles, String.join(", ", MODULES), pause.toSeconds(), ROLLED_BACK));
        text.append(" p50, p99 and max are round trips, sent to answered. *From due* counts from when a request was due in"
                + " its client's schedule, so the requests that a held one kept its client from sending count that wait"
                + " too. An error is any answer but the expected one (201 for the create, 200 otherwise), or none.");
        List<String> behind = phases.subList(1, phases.size()).stream()
                .filter(p -> p.requests() / p.seconds() < 0.95 * rate || p.fromDue().percentileMillis(50) > 1000)
                .map(p -> String.format(Locale.ROOT, "%s: %.0f req/s, half the requests sent more than %.1f s late",
                        p.name(), p.requests() / p.seconds(), p.fromDue().percentileMillis(50) / 1000)).toList();
        if (!behind.isEmpty()) {
            text.append(String.format(Locale.ROOT, " **The clients fell behind the offered %.0f requests/s** (%s): the"
                    + " server ran at or near what it could serve on this machine, so every slow moment left a backlog"
                    + " that took long to work off, and *from due* measures mostly that backlog.", rate,
                    String.join("; ", behind)));
        }
        text.append("\n\n| phase | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) | max (ms) | from due p50 / p99 / max (ms) |\n");
        text.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Clients.Phase p : phases) {
            Latencies l = p.latencies();
            Latencies due = p.fromDue();
            text.append(String.format(Locale.ROOT, "| %s (%.0f s) | %d | %s | %.0f | %.1f | %.1f | %.1f | %.1f / %.1f / %.1f |%n",
                    p.name(), p.seconds(), p.requests(), l.errors() == 0 ? "0" : l.errors() + " (" + l.errorKinds() + ")",
                    p.requests() / p.seconds(), l.percentileMillis(50), l.percentileMillis(99), l.percentileMillis(100),
                    due.percentileMillis(50), due.percentileMillis(99), due.percentileMillis(100)));
        }
        List<Clients.Phase> measured = phases.subList(1, phases.size());
        text.append("\nRound trips by request, p50 / p99 (ms):\n\n| request |");
        measured.forEach(p -> text.append(' ').append(p.name()).append(" |"));
        text.append("\n|---|").append("---:|".repeat(measured.size())).append('\n');
        for (String request : REQUESTS) {
            text.append("| ").append(request).append(" |");
            for (Clients.Phase p : measured) {
                Latencies l = byRequest.getOrDefault(p.name(), Map.of()).getOrDefault(request, new Latencies());
                text.append(String.format(Locale.ROOT, " %.1f / %.1f |", l.percentileMillis(50), l.percentileMillis(99)));
            }
            text.append('\n');
        }
        List<String> errors = phases.stream().flatMap(p -> p.latencies().firstErrors().stream()).limit(Latencies.ERRORS_KEPT)
                .toList();
        if (!errors.isEmpty()) {
            text.append("\nThe first failed requests:\n\n");
            errors.forEach(e -> text.append("- ").append(e.replace("|", "\\|")).append('\n'));
        }
        text.append("\n| # | command | build | requests held (ms) | command took (s) |\n");
        text.append("|---:|---|---|---:|---:|\n");
        int n = 0;
        for (Update u : updates) {
            String command = u.command.replaceAll(" (/\\S*/)?([^/ ]+\\.jar)$", " …/$2");
            text.append(String.format(Locale.ROOT, "| %d | `%s` | %s | %s | %.1f |%n", ++n, command,
                    u.done() ? u.from + " → " + u.to : "**not done** (exit " + u.exitStatus + "): "
                            + u.output.replaceAll("\\s+", " ").replace("|", "\\|"),
                    u.heldMillis < 0 ? "–" : Long.toString(u.heldMillis), u.seconds));
        }
        long[] held = updates.stream().filter(Update::done).mapToLong(Update::heldMillis).sorted().toArray();
        if (held.length > 0) {
            text.append(String.format(Locale.ROOT, "%nRequests held per update: median %d ms, longest %d ms; the command"
                    + " time includes starting `bin/client` and its SSH login.%n", held[held.length / 2], held[held.length - 1]));
        }
        return text.toString();
    }
}
