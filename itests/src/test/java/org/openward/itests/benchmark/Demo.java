package org.openward.itests.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmarks take from a demo start: its accounts, and the database it runs on. */
final class Demo {

    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private Demo() {
    }

    /** Signs a demo account in (its password is the user name followed by "-password"); answers the bearer token. */
    static String login(String base, String user) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(response.body());
        if (!token.find()) {
            throw new IllegalStateException("login of " + user + " failed: " + response.body());
        }
        return token.group(1);
    }

    /**
     * The datasource settings for {@code benchmark.database}: none for embedded Derby (as
     * shipped); for postgresql a new database on the server the OPENWARD_TEST_POSTGRES_*
     * variables name.
     */
    static Map<String, String> datasource(String database) throws Exception {
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

    /** How the report names the database. */
    static String databaseName(String database) {
        return "postgresql".equals(database) ? "PostgreSQL" : "embedded Derby";
    }
}
