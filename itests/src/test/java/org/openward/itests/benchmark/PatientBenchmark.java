package org.openward.itests.benchmark;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.openward.itests.support.Distribution;

/**
 * The Patient API benchmark: boots the built distribution as an administrator would, then
 * drives FHIR Patient create, read and search from concurrent clients (each its own session)
 * and writes throughput and p50/p99 latency, with the machine and the date, into
 * docs/benchmarks.md. Not a test: run it with {@code mvn -pl itests verify -Pbenchmark}.
 *
 * <p>Settings (system properties): benchmark.clients (8), benchmark.seconds per scenario (30),
 * benchmark.warmup.seconds (15), benchmark.database (derby, or postgresql with the
 * OPENWARD_TEST_POSTGRES_* variables), benchmark.report (../docs/benchmarks.md).
 */
public final class PatientBenchmark {

    private interface Operation {
        /** One request; returns its HTTP status. */
        int run(HttpClient client, String token, Random random) throws IOException, InterruptedException;
    }

    private record Result(String name, int count, int errors, String errorKinds, double seconds, double p50, double p99) {
    }

    private final String base;
    private final PatientRequests patients;
    private final List<String> ids = new CopyOnWriteArrayList<>();

    private PatientBenchmark(String base) {
        this.base = base;
        this.patients = new PatientRequests(base, Duration.ofSeconds(30));
    }

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(System.getProperty("openward.distribution"));
        Path report = Path.of(System.getProperty("benchmark.report", "../docs/benchmarks.md"));
        int clients = Integer.getInteger("benchmark.clients", 8);
        Duration measure = Duration.ofSeconds(Long.getLong("benchmark.seconds", 30));
        Duration warmup = Duration.ofSeconds(Long.getLong("benchmark.warmup.seconds", 15));
        String database = System.getProperty("benchmark.database", "derby");

        try (Distribution distribution = new Distribution(archive, Path.of("target/benchmark"), Demo.datasource(database))) {
            distribution.start(Duration.ofMinutes(3));
            PatientBenchmark benchmark = new PatientBenchmark(distribution.baseUrl());
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                tokens.add(Demo.login(benchmark.base, "registration"));
            }
            benchmark.drive("warm-up", tokens, warmup, benchmark::mixed);
            List<Result> results = List.of(
                    benchmark.drive("create (POST /fhir/Patient)", tokens, measure, benchmark::create),
                    benchmark.drive("read (GET /fhir/Patient/{id})", tokens, measure, benchmark::read),
                    benchmark.drive("search (GET /fhir/Patient?family=&_count=20)", tokens, measure, benchmark::search));
            String section = section(database, clients, measure, benchmark.ids.size(), results);
            BenchmarkReport.write(report, "patient-api-" + database, section);
            System.out.println(section);
        }
    }

    private Result drive(String name, List<String> tokens, Duration duration, Operation operation) throws Exception {
        List<HttpClient> sessions = tokens.stream()
                .map(token -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()).toList();
        Clients.Run run = Clients.run(tokens.size(), duration,
                (client, random) -> operation.run(sessions.get(client), tokens.get(client), random));
        Latencies latencies = run.latencies();
        double seconds = run.seconds();
        Result result = new Result(name, latencies.count(), latencies.errors(), latencies.errorKinds(), seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99));
        System.out.printf(Locale.ROOT, "%-48s %8d ok %5d errors %9.1f req/s p50 %7.2f ms p99 %7.2f ms %s%n", name,
                result.count, result.errors, result.count / seconds, result.p50, result.p99, result.errorKinds);
        return result;
    }

    private int create(HttpClient client, String token, Random random) throws IOException, InterruptedException {
        HttpResponse<String> response = patients.create(client, token, random);
        String id = PatientRequests.id(response);
        if (id != null) {
            ids.add(id);
        }
        return response.statusCode();
    }

    private int read(HttpClient client, String token, Random random) throws IOException, InterruptedException {
        return patients.read(client, token, ids.get(random.nextInt(ids.size()))).statusCode();
    }

    private int search(HttpClient client, String token, Random random) throws IOException, InterruptedException {
        return patients.search(client, token, random).statusCode();
    }

    private int mixed(HttpClient client, String token, Random random) throws IOException, InterruptedException {
        int pick = random.nextInt(3);
        if (pick == 0 || ids.isEmpty()) {
            return create(client, token, random);
        }
        return pick == 1 ? read(client, token, random) : search(client, token, random);
    }

    // ------------------------------------------------------------------ the report

    private static String section(String database, int clients, Duration measure, int patients, List<Result> results)
            throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("### Patient API, ").append(Demo.databaseName(database)).append("\n\n");
        text.append("Measured ").append(Instant.now().atOffset(ZoneOffset.UTC).toLocalDate()).append(" on ")
                .append(BenchmarkReport.machine()).append(".\n");
        text.append(clients).append(" concurrent clients, each with its own session, ").append(measure.toSeconds())
                .append(" s per scenario after a warm-up; ").append(patients)
                .append(" patients created during the run on top of the 120 demo patients. ")
                .append("Latency is the full HTTP round trip on loopback, token check and audit record included.\n\n");
        text.append("| scenario | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) |\n");
        text.append("|---|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            text.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %.1f | %.1f |%n", r.name, r.count,
                    r.errors == 0 ? "0" : r.errors + " (" + r.errorKinds + ")", r.count / r.seconds, r.p50, r.p99));
        }
        return text.toString();
    }
}
