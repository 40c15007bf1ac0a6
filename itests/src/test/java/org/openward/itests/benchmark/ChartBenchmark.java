package org.openward.itests.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.openward.itests.support.Distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The chart benchmark (issue 4): boots the built distribution in demo mode, then
 * <ol>
 * <li>imports a big chart, 500 encounters with 10 vital signs and results each (5,000
 * observations), as transaction Bundles from concurrent clients: the import rate;</li>
 * <li>fills the database up to {@code benchmark.observations} observations (1,000,000) spread
 * over the demo ward's patients, the same way;</li>
 * <li>opens the big chart as the web UI does (banner and summary: five requests at once; the
 * results and encounters tabs): p50/p99;</li>
 * <li>searches observations by patient, code and date from concurrent clients: p50/p99.</li>
 * </ol>
 * Writes its section of docs/benchmarks.md. Not a test: {@code mvn -pl itests verify -Pbenchmark
 * -Dbenchmark.main=org.openward.itests.benchmark.ChartBenchmark}.
 *
 * <p>Settings (system properties): benchmark.observations (1000000), benchmark.clients (4),
 * benchmark.seconds (30), benchmark.report (../docs/benchmarks.md).
 */
public final class ChartBenchmark {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    /** LOINC, display, unit, low, high, category: what every encounter records. */
    private static final String[][] TESTS = {
        {"8867-4", "Heart rate", "/min", "60", "100", "vital-signs"},
        {"9279-1", "Respiratory rate", "/min", "12", "20", "vital-signs"},
        {"8310-5", "Body temperature", "Cel", "36.1", "37.8", "vital-signs"},
        {"59408-5", "Oxygen saturation", "%", "94", "100", "vital-signs"},
        {"29463-7", "Body weight", "kg", "40", "120", "vital-signs"},
        {"2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mmol/L", "3.9", "7.8", "laboratory"},
        {"2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", "3.5", "5.1", "laboratory"},
        {"2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", "135", "145", "laboratory"},
        {"2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "umol/L", "60", "110", "laboratory"},
        {"718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", "12", "17", "laboratory"}
    };

    private record Result(String name, int count, int errors, String errorKinds, double seconds, double p50, double p99,
            String note) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    /** Daemon threads: the harness ends when main does (exec:java waits for the others). */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(8, work -> {
                Thread thread = new Thread(work, "chart-benchmark-http");
                thread.setDaemon(true);
                return thread;
            })).build();
    private final String token;

    private ChartBenchmark(String base) throws IOException, InterruptedException {
        this.base = base;
        this.token = Demo.login(base, "physician");
    }

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(System.getProperty("openward.distribution"));
        Path report = Path.of(System.getProperty("benchmark.report", "../docs/benchmarks.md"));
        int target = Integer.getInteger("benchmark.observations", 1_000_000);
        int clients = Integer.getInteger("benchmark.clients", 4);
        Duration measure = Duration.ofSeconds(Long.getLong("benchmark.seconds", 30));

        try (Distribution distribution = new Distribution(archive, Path.of("target/chart-benchmark"), java.util.Map.of())) {
            distribution.configure("etc/org.openward.demo.cfg", "chartYears", "1");
            distribution.start(Duration.ofMinutes(3));
            ChartBenchmark benchmark = new ChartBenchmark(distribution.baseUrl());
            List<String> ward = benchmark.wardPatients();
            String big = ward.get(1);
            List<Result> results = new ArrayList<>();

            results.add(benchmark.importBundles("import: transaction Bundles of 1 encounter + 10 observations (big chart)",
                    clients, 500, i -> benchmark.encounterBundle(big, i)));
            long stored = benchmark.count("Observation?patient=" + big + "&_count=0");
            List<String> others = ward.subList(2, ward.size());
            int perBundle = 500;
            int bundles = (int) Math.max(0, (target - benchmark.totalObservations(ward)) / perBundle);
            results.add(benchmark.importBundles("import: transaction Bundles of " + perBundle + " observations (fill)",
                    clients, bundles, i -> benchmark.observationBundle(others.get(i % others.size()), i, perBundle)));
            long total = benchmark.totalObservations(ward);
            System.out.printf(Locale.ROOT, "observations stored: %d (big chart %d)%n", total, stored);

            results.add(benchmark.repeat("open the big chart: banner + summary (5 requests at once)", 200,
                    () -> benchmark.all("Patient/" + big, "AllergyIntolerance?patient=" + big + "&_count=100",
                            "Condition?patient=" + big + "&_count=100",
                            "MedicationStatement?patient=" + big + "&status=active&_count=100",
                            "Observation?patient=" + big + "&category=vital-signs&_sort=-date&_count=60")));
            results.add(benchmark.repeat("big chart: results tab (100 newest laboratory results)", 100,
                    () -> benchmark.all("Observation?patient=" + big + "&category=laboratory&_sort=-date&_count=100")));
            results.add(benchmark.repeat("big chart: encounters tab (25 newest of 500)", 200,
                    () -> benchmark.all("Encounter?patient=" + big + "&_sort=-date&_count=25")));
            results.add(benchmark.searchLoad("Observation search over " + total + " (patient + code + date range, 50 newest)",
                    clients, measure, others));

            String section = section(clients, total, stored, results);
            BenchmarkReport.write(report, "chart-derby", section);
            System.out.println(section);
        }
    }

    // ------------------------------------------------------------------ data

    private List<String> wardPatients() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            JsonNode found = get("Patient?identifier=urn:openward:demo-patient%7CDEMO-" + String.format("%04d", n));
            ids.add(found.path("entry").path(0).path("resource").path("id").asText());
        }
        // the demo puts the physician in care of them while loading their charts
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (status("Encounter?patient=" + ids.get(19) + "&_count=0") != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the demo ward's charts did not load");
            }
            Thread.sleep(1000);
        }
        return ids;
    }

    private long totalObservations(List<String> patients) throws Exception {
        long total = 0;
        for (String id : patients) {
            total += count("Observation?patient=" + id + "&_count=0");
        }
        return total;
    }

    private String encounterBundle(String patient, int i) {
        Random random = new Random(i);
        Instant at = Instant.parse("2010-01-01T08:00:00Z").plus(Duration.ofDays(i * 11L + random.nextInt(10)));
        ObjectNode bundle = transaction();
        String encounter = "urn:uuid:" + UUID.randomUUID();
        ObjectNode e = json.createObjectNode().put("resourceType", "Encounter").put("status", "finished");
        e.putObject("class").put("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode").put("code", "AMB")
                .put("display", "ambulatory");
        e.putArray("type").addObject().putArray("coding").addObject().put("system", "http://snomed.info/sct")
                .put("code", "185349003").put("display", "Encounter for check up");
        e.putObject("subject").put("reference", "Patient/" + patient);
        e.putObject("period").put("start", at.toString()).put("end", at.plus(Duration.ofMinutes(30)).toString());
        entry(bundle, encounter, e, "Encounter");
        for (int t = 0; t < TESTS.length; t++) {
            entry(bundle, null, observation(patient, encounter, TESTS[t], at.plus(Duration.ofMinutes(5 + t)), random), "Observation");
        }
        return bundle.toString();
    }

    private String observationBundle(String patient, int i, int size) {
        Random random = new Random(i);
        ObjectNode bundle = transaction();
        Instant start = Instant.parse("2005-01-01T00:00:00Z").plus(Duration.ofHours(i * 37L));
        for (int n = 0; n < size; n++) {
            String[] test = TESTS[random.nextInt(TESTS.length)];
            entry(bundle, null, observation(patient, null, test, start.plus(Duration.ofMinutes(n * 7L)), random), "Observation");
        }
        return bundle.toString();
    }

    private ObjectNode observation(String patient, String encounter, String[] test, Instant at, Random random) {
        double low = Double.parseDouble(test[3]);
        double high = Double.parseDouble(test[4]);
        double value = Math.round((low + (high - low) * (random.nextDouble() * 1.4 - 0.2)) * 10) / 10.0;
        ObjectNode o = json.createObjectNode().put("resourceType", "Observation").put("status", "final");
        o.putArray("category").addObject().putArray("coding").addObject().put("system", CATEGORY).put("code", test[5]);
        o.putObject("code").putArray("coding").addObject().put("system", LOINC).put("code", test[0]).put("display", test[1]);
        o.putObject("subject").put("reference", "Patient/" + patient);
        if (encounter != null) {
            o.putObject("encounter").put("reference", encounter);
        }
        o.put("effectiveDateTime", at.toString());
        o.putObject("valueQuantity").put("value", value).put("unit", test[2]).put("system", UCUM).put("code", test[2]);
        ObjectNode range = o.putArray("referenceRange").addObject();
        range.putObject("low").put("value", low).put("unit", test[2]).put("system", UCUM).put("code", test[2]);
        range.putObject("high").put("value", high).put("unit", test[2]).put("system", UCUM).put("code", test[2]);
        return o;
    }

    private ObjectNode transaction() {
        ObjectNode bundle = json.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
        bundle.putArray("entry");
        return bundle;
    }

    private static void entry(ObjectNode bundle, String fullUrl, ObjectNode resource, String type) {
        ObjectNode entry = ((ArrayNode) bundle.get("entry")).addObject();
        if (fullUrl != null) {
            entry.put("fullUrl", fullUrl);
        }
        entry.set("resource", resource);
        entry.putObject("request").put("method", "POST").put("url", type);
    }

    // ------------------------------------------------------------------ measuring

    private Result importBundles(String name, int clients, int bundles, java.util.function.IntFunction<String> bundle)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong resources = new AtomicLong();
        long started = System.nanoTime();
        Clients.Run run = Clients.run(clients, null, (client, random) -> {
            int i = next.getAndIncrement();
            if (i >= bundles) {
                return Clients.DONE;
            }
            HttpResponse<String> answer = http.send(request("").header("Content-Type", FHIR_JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(bundle.apply(i))).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                resources.addAndGet(json.readTree(answer.body()).path("entry").size());
            }
            if (i % 100 == 99) {
                System.out.printf(Locale.ROOT, "  %s: %d/%d bundles, %d resources, %.0f resources/s%n", name, i + 1,
                        bundles, resources.get(), resources.get() / ((System.nanoTime() - started) / 1e9));
            }
            return answer.statusCode();
        });
        Latencies latencies = run.latencies();
        double seconds = run.seconds();
        return report(new Result(name, latencies.count(), latencies.errors(), latencies.errorKinds(), seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99),
                String.format(Locale.ROOT, "%d resources in %.0f s: **%.0f resources/s** (%d clients)", resources.get(),
                        seconds, resources.get() / seconds, clients)));
    }

    private interface Work {
        void run() throws Exception;
    }

    /** One client, one thing after another: warm-up (a tenth), then the measured repetitions. */
    private Result repeat(String name, int times, Work work) throws Exception {
        for (int i = 0; i < Math.max(5, times / 10); i++) {
            work.run();
        }
        Latencies latencies = new Latencies();
        long started = System.nanoTime();
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            try {
                work.run();
                latencies.add(System.nanoTime() - t0);
            } catch (IllegalStateException e) {
                latencies.error(e.getMessage());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return report(new Result(name, latencies.count(), latencies.errors(), latencies.errorKinds(), seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), "1 client"));
    }

    /** The requests at once, as a browser sends them; fails unless every one answers 200. */
    private void all(String... queries) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (String query : queries) {
            answers.add(http.sendAsync(request(query).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            int status = answer.get().statusCode();
            if (status != 200) {
                throw new IllegalStateException(Integer.toString(status));
            }
        }
    }

    private Result searchLoad(String name, int clients, Duration duration, List<String> patients) throws Exception {
        Clients.Run run = Clients.run(clients, duration, (client, random) -> {
            String patient = patients.get(random.nextInt(patients.size()));
            String code = TESTS[random.nextInt(TESTS.length)][0];
            Instant from = Instant.parse("2005-01-01T00:00:00Z").plus(Duration.ofDays(random.nextInt(3000)));
            String query = "Observation?patient=" + patient + "&code=" + LOINC + "%7C" + code + "&date=ge"
                    + from.atOffset(ZoneOffset.UTC).toLocalDate() + "&date=lt"
                    + from.plus(Duration.ofDays(365)).atOffset(ZoneOffset.UTC).toLocalDate() + "&_sort=-date&_count=50";
            return http.send(request(query).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        });
        Latencies latencies = run.latencies();
        return report(new Result(name, latencies.count(), latencies.errors(), latencies.errorKinds(), run.seconds(),
                latencies.percentileMillis(50), latencies.percentileMillis(99), clients + " clients"));
    }

    private static Result report(Result r) {
        System.out.printf(Locale.ROOT, "%-80s %7d ok %4d errors p50 %8.1f ms p99 %8.1f ms %s %s%n", r.name, r.count, r.errors,
                r.p50, r.p99, r.note, r.errorKinds);
        return r;
    }

    // ------------------------------------------------------------------ HTTP

    private HttpRequest.Builder request(String query) {
        return HttpRequest.newBuilder(URI.create(base + "/fhir" + (query.isEmpty() ? "" : "/" + query)))
                .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + token).header("Accept", FHIR_JSON);
    }

    private JsonNode get(String query) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request(query).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(query + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return json.readTree(answer.body());
    }

    private int status(String query) throws IOException, InterruptedException {
        return http.send(request(query).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private long count(String query) throws IOException, InterruptedException {
        return get(query).path("total").asLong();
    }

    // ------------------------------------------------------------------ the report

    private static String section(int clients, long observations, long bigChart, List<Result> results) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("### The chart: import, the big chart, Observation search (embedded Derby)\n\n");
        text.append("Measured ").append(Instant.now().atOffset(ZoneOffset.UTC).toLocalDate()).append(" on ")
                .append(BenchmarkReport.machine()).append(".\n");
        text.append("Demo start (120 patients, a year of history each), then as the demo physician: a big chart of 500 encounters and ")
                .append(bigChart).append(" observations imported, and the database filled to ").append(observations)
                .append(" observations over 19 patients, all through `POST /fhir` transactions (every resource validated,")
                .append(" indexed and audited). Latency is the full HTTP round trip on loopback.\n\n");
        text.append("| scenario | done | errors | p50 (ms) | p99 (ms) | notes |\n");
        text.append("|---|---:|---:|---:|---:|---|\n");
        for (Result r : results) {
            text.append(String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %.1f | %s |%n", r.name, r.count,
                    r.errors == 0 ? "0" : r.errors + " (" + r.errorKinds + ")", r.p50, r.p99, r.note));
        }
        return text.toString();
    }
}
