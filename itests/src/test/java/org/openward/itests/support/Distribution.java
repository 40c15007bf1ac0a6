package org.openward.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built distribution, unpacked into a work folder and started as a separate process the way
 * an administrator starts it (bin/karaf server, through bin/setenv), on free ports: HTTPS always,
 * plain HTTP in demo mode.
 */
public final class Distribution implements AutoCloseable {

    private final Path home;
    private final int port;
    private final int securePort;
    private final int sshPort;
    private Process karaf;
    private Thread orphanGuard;

    public Distribution(Path archive, Path workFolder, Map<String, String> datasource) throws IOException, InterruptedException {
        if (Files.exists(workFolder)) {
            try (Stream<Path> files = Files.walk(workFolder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(workFolder);
        run(List.of("tar", "xzf", archive.toAbsolutePath().toString(), "-C", workFolder.toString()));
        try (Stream<Path> entries = Files.list(workFolder)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow().toAbsolutePath();
        }
        int[] ports = freePorts(5);
        port = ports[0];
        securePort = ports[1];
        sshPort = ports[2];
        edit("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(port));
        edit("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure", Integer.toString(securePort));
        edit("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(sshPort));
        edit("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(ports[3]));
        edit("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(ports[4]));
        for (Map.Entry<String, String> setting : datasource.entrySet()) {
            edit("etc/org.ops4j.datasource-openward.cfg", setting.getKey(), setting.getValue());
        }
    }

    /** Sets a key of a configuration file under the distribution's home before it starts (etc/x.cfg). */
    public void configure(String file, String key, String value) throws IOException {
        edit(file, key, value);
    }

    /** Plain HTTP, served in demo mode only. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String secureUrl() {
        return "https://127.0.0.1:" + securePort;
    }

    public int port() {
        return port;
    }

    public int securePort() {
        return securePort;
    }

    /** The Karaf shell's SSH port, on loopback. */
    public int sshPort() {
        return sshPort;
    }

    /** Where the distribution is unpacked (its etc/, data/, bin/). */
    public Path home() {
        return home;
    }

    /** Starts Karaf in demo mode and waits until the records module serves Patient and demo users exist. */
    public void start(Duration timeout) throws IOException, InterruptedException {
        launch(true);
        awaitDemo(timeout);
    }

    /**
     * Starts Karaf as production starts it (no demo data, no demo accounts) and returns once
     * {@code check} holds, such as "HTTPS answers".
     */
    public void startProduction(Duration timeout, java.util.function.BooleanSupplier check)
            throws IOException, InterruptedException {
        launch(false);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!karaf.isAlive()) {
                throw new IllegalStateException("Karaf exited; see " + home.resolve("karaf-console.log"));
            }
            if (check.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("OpenWard did not come up within " + timeout);
    }

    private void launch(boolean demo) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf-console.log").toFile()));
        builder.environment().remove("OPENWARD_HTTP_ENABLED");
        if (demo) {
            builder.environment().put("OPENWARD_DEMO", "true");
        } else {
            builder.environment().remove("OPENWARD_DEMO");
        }
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        karaf = builder.start();
        Process started = karaf;
        orphanGuard = new Thread(() -> {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }, "stop-karaf-on-exit");
        // a harness stopped by a signal does not reach close(): Karaf must not outlive it
        Runtime.getRuntime().addShutdownHook(orphanGuard);
    }

    private void awaitDemo(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!karaf.isAlive()) {
                throw new IllegalStateException("Karaf exited; see " + home.resolve("karaf-console.log"));
            }
            try {
                HttpResponse<String> metadata = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/metadata"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"registration\",\"password\":\"registration-password\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (metadata.body().contains("\"Patient\"") && login.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("OpenWard did not come up within " + timeout);
    }

    /**
     * Waits until data/log/karaf.log has a line containing {@code text}, such as a demo
     * contribution's "Demo data loaded: records-charts".
     */
    public void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        Path log = home.resolve("data/log/karaf.log");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!karaf.isAlive()) {
                throw new IllegalStateException("Karaf exited; see " + home.resolve("karaf-console.log"));
            }
            if (Files.exists(log)) {
                try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                    if (lines.anyMatch(line -> line.contains(text))) {
                        return;
                    }
                }
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("no '" + text + "' in " + log + " within " + timeout);
    }

    /** What a shell command run with bin/client printed, and the client's exit status. */
    public record ShellAnswer(int exitStatus, String output) {
    }

    /**
     * Runs one shell command as an administrator does from the machine's own console:
     * {@code bin/client -u <user> "<command>"}, over SSH on loopback, logged in with the
     * OpenWard account's password.
     */
    public ShellAnswer client(String user, String password, String command, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(), "-h", "127.0.0.1",
                "-a", Integer.toString(sshPort), "-u", user, "-p", password, "-r", "3", command)
                .directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        // stdin stays open while the command runs: the client ends the session when its input ends
        Process client = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!client.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            client.descendants().forEach(ProcessHandle::destroyForcibly);
            client.destroyForcibly();
            throw new IllegalStateException("bin/client did not finish '" + command + "' within " + timeout);
        }
        client.getOutputStream().close();
        return new ShellAnswer(client.exitValue(), output.join());
    }

    /** Stops Karaf and keeps its log beside the work folder, for a look at any error counted. */
    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        Path log = home.resolve("data/log/karaf.log");
        if (Files.exists(log)) {
            Files.copy(log, home.getParent().resolveSibling(home.getParent().getFileName() + "-karaf.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Stops Karaf; it can be started again on the same folder. */
    public void stop() throws InterruptedException {
        if (karaf != null) {
            // bin/karaf is a script: stop the JVM it started too, not only the script
            List<ProcessHandle> tree = new java.util.ArrayList<>(karaf.descendants().toList());
            tree.add(karaf.toHandle());
            tree.forEach(ProcessHandle::destroy);
            for (ProcessHandle process : tree) {
                try {
                    process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    process.destroyForcibly();
                }
            }
            karaf = null;
            try {
                Runtime.getRuntime().removeShutdownHook(orphanGuard);
            } catch (IllegalStateException exiting) {
                // the hook is running or about to
            }
        }
    }

    private void edit(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        String text = Files.exists(path) ? Files.readString(path) : "";
        Matcher line = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        String replacement = key + " = " + value;
        text = line.find() ? line.replaceAll(Matcher.quoteReplacement(replacement)) : text + "\n" + replacement + "\n";
        Files.writeString(path, text);
    }

    /** Distinct free ports: all held open at once while they are picked, so none is handed out twice. */
    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new UncheckedIOException(new IOException("failed: " + command));
        }
    }
}
