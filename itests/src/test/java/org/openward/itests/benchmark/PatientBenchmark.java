package org.openward.itests.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final String FHIR_JSON = "application/fhir+json";
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "we", "zo", "ban", "del", "fir", "gor"};

    private interface Operation {
        /** One request; returns its HTTP status. */
        int run(HttpClient client, String token, Random random) throws IOException, InterruptedException;
    }

    private record Result(String name, int count, int errors, String errorKinds, double seconds, double p50, double p99) {
    }

    private final String base;
    private final List<String> ids = new CopyOnWriteArrayList<>();

    private PatientBenchmark(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(System.getProperty("openward.distribution"));
        Path report = Path.of(System.getProperty("benchmark.report", "../docs/benchmarks.md"));
        int clients = Integer.getInteger("benchmark.clients", 8);
        Duration measure = Duration.ofSeconds(Long.getLong("benchmark.seconds", 30));
        Duration warmup = Duration.ofSeconds(Long.getLong("benchmark.warmup.seconds", 15));
        String database = System.getProperty("benchmark.database", "derby");

        try (Distribution distribution = new Distribution(archive, Path.of("target/benchmark"), datasource(database))) {
            distribution.start(Duration.ofMinutes(3));
            PatientBenchmark benchmark = new PatientBenchmark(distribution.baseUrl());
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                tokens.add(benchmark.login());
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

    private static Map<String, String> datasource(String database) throws Exception {
        if (!"postgresql".equals(database)) {
            return Map.of();
        }
        String admin = System.getenv("OPENWARD_TEST_POSTGRES_URL");
        String user = System.getenv("OPENWARD_TEST_POSTGRES_USER");
        String password = System.getenv("OPENWARD_TEST_POSTGRES_PASSWORD");
        String name = "openward_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(admin, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("osgi.jdbc.driver.class", "org.postgresql.Driver");
        settings.put("url", admin.substring(0, admin.lastIndexOf('/') + 1) + name);
        settings.put("user", user);
        settings.put("password", password);
        return settings;
    }

    private String login() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"registration\",\"password\":\"registration-password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
        if (!token.find()) {
            throw new IllegalStateException("login failed: " + response.body());
        }
        return token.group(1);
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
        LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(365 * 90));
        String body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family(random) + "\",\"given\":[\""
                + cap(syllables(random, 2)) + "\"]}],\"gender\":\"" + (random.nextBoolean() ? "female" : "male")
                + "\",\"birthDate\":\"" + birth + "\",\"identifier\":[{\"system\":\"urn:openward:benchmark\",\"value\":\""
                + UUID.randomUUID() + "\"}]}";
        HttpResponse<String> response = client.send(request("/fhir/Patient", token)
                .header("Content-Type", FHIR_JSON).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 201) {
            Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
            if (id.find()) {
                ids.add(id.group(1));
            }
        }
        return response.statusCode();
    }

    private int read(HttpClient client, String token, Random random) throws IOException, InterruptedException {
        String id = ids.get(random.nextInt(ids.size()));
        return client.send(request("/fhir/Patient/" + id, token).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private int search(HttpClient client, String token, Random random) throws IOException, InterruptedException {
        String prefix = family(random).substring(0, 3).toLowerCase(Locale.ROOT);
        return client.send(request("/fhir/Patient?family=" + prefix + "&_count=20", token).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private int mixed(HttpClient client, String token, Random random) throws IOException, InterruptedException {
        int pick = random.nextInt(3);
        if (pick == 0 || ids.isEmpty()) {
            return create(client, token, random);
        }
        return pick == 1 ? read(client, token, random) : search(client, token, random);
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", FHIR_JSON);
    }

    private static String family(Random random) {
        return cap(syllables(random, 2 + random.nextInt(2)));
    }

    private static String syllables(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return text.toString();
    }

    private static String cap(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    // ------------------------------------------------------------------ the report

    private static String section(String database, int clients, Duration measure, int patients, List<Result> results)
            throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("### Patient API, ").append(database.equals("derby") ? "embedded Derby" : "PostgreSQL").append("\n\n");
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
