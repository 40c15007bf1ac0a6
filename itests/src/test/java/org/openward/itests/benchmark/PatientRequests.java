package org.openward.itests.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The FHIR requests the benchmarks send as a signed-in user: register a new patient with a
 * random invented name, read one, search by the first letters of a family name, or any other
 * FHIR GET.
 */
final class PatientRequests {

    static final String FHIR_JSON = "application/fhir+json";

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "we", "zo", "ban", "del", "fir", "gor"};
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private final String base;
    private final Duration timeout;

    /** Requests to the distribution at {@code base}; a request gets no answer after {@code timeout}. */
    PatientRequests(String base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    /** POST /fhir/Patient: a new patient with an invented name, sex, birth date and identifier. */
    HttpResponse<String> create(HttpClient client, String token, Random random) throws IOException, InterruptedException {
        LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(365 * 90));
        String body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family(random) + "\",\"given\":[\""
                + cap(syllables(random, 2)) + "\"]}],\"gender\":\"" + (random.nextBoolean() ? "female" : "male")
                + "\",\"birthDate\":\"" + birth + "\",\"identifier\":[{\"system\":\"urn:openward:benchmark\",\"value\":\""
                + UUID.randomUUID() + "\"}]}";
        return client.send(request("/fhir/Patient", token).header("Content-Type", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The id of the patient a create answered with, or null. */
    static String id(HttpResponse<String> created) {
        if (created.statusCode() != 201) {
            return null;
        }
        Matcher id = ID.matcher(created.body());
        return id.find() ? id.group(1) : null;
    }

    /** GET /fhir/Patient/{id}. */
    HttpResponse<String> read(HttpClient client, String token, String id) throws IOException, InterruptedException {
        return get(client, token, "/fhir/Patient/" + id);
    }

    /** GET /fhir/Patient?family={three letters}&_count=20. */
    HttpResponse<String> search(HttpClient client, String token, Random random) throws IOException, InterruptedException {
        String prefix = family(random).substring(0, 3).toLowerCase(Locale.ROOT);
        return get(client, token, "/fhir/Patient?family=" + prefix + "&_count=20");
    }

    /** Any GET, such as {@code /fhir/AllergyIntolerance?patient=…}. */
    HttpResponse<String> get(HttpClient client, String token, String path) throws IOException, InterruptedException {
        return client.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
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
}
