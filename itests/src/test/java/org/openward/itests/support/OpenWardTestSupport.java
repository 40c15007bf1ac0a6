package org.openward.itests.support;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.sql.DataSource;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;
import org.osgi.service.jdbc.DataSourceFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;

/**
 * Boots the real OpenWard distribution (the archive the build made) once per test class, in
 * demo mode, on free ports, against embedded Derby or, when asked, a fresh PostgreSQL
 * database. The tests run inside the container and talk to it over HTTP and the shell.
 */
public abstract class OpenWardTestSupport {

    private static final Pattern REQUEST_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    protected static final String FHIR_JSON = "application/fhir+json";
    /** Inside the runtime, on PostgreSQL: how the schema owner connects (the runtime role cannot alter audit records). */
    private static final String OWNER_URL = "openward.itest.owner.url";
    private static final String OWNER_USER = "openward.itest.owner.user";
    private static final String OWNER_PASSWORD = "openward.itest.owner.password";
    private static final String RUNTIME_USER = "openward.itest.runtime.user";
    private static final String RUNTIME_PASSWORD = "openward.itest.runtime.password";
    /** Tells the tests inside the container where the HTTP door is. */
    private static final String HTTP_PORT = "openward.itest.http.port";
    private static final String[] JAVA17_OPTIONS = {
        "--add-reads=java.xml=java.logging",
        "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
        "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-%KARAF%.jar",
        "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-%KARAF%.jar",
        "--add-opens", "java.base/java.security=ALL-UNNAMED",
        "--add-opens", "java.base/java.net=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
        "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
        "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
        "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
        "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
        "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
        "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
        "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*" + File.pathSeparator + "lib/endorsed/*"
    };

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    protected final ObjectMapper json = new ObjectMapper();
    protected final FhirContext fhir = FhirContext.forR4Cached();

    @Configuration
    public Option[] config() throws IOException, SQLException {
        String distribution = System.getProperty("openward.distribution");
        if (distribution == null || !new File(distribution).isFile()) {
            throw new IllegalStateException("no OpenWard distribution at " + distribution + "; build the assembly module first");
        }
        String karafVersion = System.getProperty("karaf.version");
        String[] ports = java.util.Arrays.stream(Distribution.freePorts(4)).mapToObj(Integer::toString)
                .toArray(String[]::new);
        String httpPort = ports[0];
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(distribution).toURI().toString())
                        .name("OpenWard")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                systemTimeout(300_000),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", httpPort),
                // Pax Exam starts Karaf without bin/setenv (no generated keystore): the tests talk
                // plain HTTP on loopback; TransportSecurityIT starts the scripts and checks HTTPS
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.enabled", "true"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.secure.enabled", "false"),
                systemProperty(HTTP_PORT).value(httpPort),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", ports[1]),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", ports[2]),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", ports[3]),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local")),
                editConfigurationFilePut("etc/org.openward.demo.cfg", "enabled", Boolean.toString(demo())),
                editConfigurationFilePut("etc/org.openward.demo.cfg", "chartYears", demoCharts() ? "2" : "0"),
                editConfigurationFilePut("etc/org.openward.security.cfg", "mfaRequired", Boolean.toString(mfaRequired())),
                // the tests, in Pax Exam's probe bundle, look at the runtime as the system does
                editConfigurationFilePut("etc/org.openward.security.cfg", "systemCallers", "org.openward.,PAXEXAM-PROBE-"),
                systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
                // the probe waits for Pax Exam's own services; on a busy 2-core machine 10 s (the default) is too short
                systemProperty("pax.exam.service.timeout").value("60000")));
        options.add(vmOptions(java.util.Arrays.stream(JAVA17_OPTIONS)
                .map(o -> o.replace("%KARAF%", karafVersion)).toArray(String[]::new)));
        options.addAll(database());
        options.addAll(settings());
        if (Boolean.getBoolean("openward.itest.keep")) {
            options.add(keepRuntimeFolder());
        }
        return options.toArray(Option[]::new);
    }

    /** Settings of this test class's runtime besides the common ones (etc/ file edits). */
    protected List<Option> settings() {
        return List.of();
    }

    /**
     * Whether staff must sign in with a second factor. Off in demo starts, as bin/setenv does,
     * so that tests sign in as the demo accounts with their passwords.
     */
    protected boolean mfaRequired() {
        return !demo();
    }

    /** Whether this class starts the distribution in demo mode (demo accounts and patients). */
    protected boolean demo() {
        return true;
    }

    /**
     * Whether a demo start also writes the demo patients' synthetic clinical histories (some
     * thousand records, loading in the background for about half a minute); off unless a class
     * checks them, so that the others are not slowed.
     */
    protected boolean demoCharts() {
        return false;
    }

    /**
     * The datasource: embedded Derby as shipped, or a new PostgreSQL database for this test class
     * when the build passes openward.itest.database=postgresql. Switching is a change of
     * etc/org.ops4j.datasource-openward.cfg only.
     */
    protected List<Option> database() throws SQLException {
        if (!"postgresql".equals(System.getProperty("openward.itest.database"))) {
            return List.of();
        }
        String admin = System.getProperty("openward.itest.postgres.url");
        String user = System.getProperty("openward.itest.postgres.user");
        String password = System.getProperty("openward.itest.postgres.password");
        String name = "openward_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(admin, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = admin.substring(0, admin.lastIndexOf('/') + 1) + name;
        // as production runs it: the test's user owns the schema and migrates it; the runtime
        // role the distribution connects with gets only what the modules grant it
        String runtimeRole = name + "_app";
        String runtimePassword = UUID.randomUUID().toString();
        try (Connection c = DriverManager.getConnection(admin, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + runtimeRole + " LOGIN PASSWORD '" + runtimePassword + "'");
        }
        String cfg = "etc/org.ops4j.datasource-openward.cfg";
        return List.of(
                editConfigurationFilePut(cfg, "osgi.jdbc.driver.class", "org.postgresql.Driver"),
                editConfigurationFilePut(cfg, "url", url),
                editConfigurationFilePut(cfg, "user", runtimeRole),
                editConfigurationFilePut(cfg, "password", runtimePassword),
                editConfigurationFilePut("etc/org.openward.database.cfg", "ownerUser", user),
                editConfigurationFilePut("etc/org.openward.database.cfg", "ownerPassword", password),
                systemProperty(OWNER_URL).value(url),
                systemProperty(OWNER_USER).value(user),
                systemProperty(OWNER_PASSWORD).value(password),
                systemProperty(RUNTIME_USER).value(runtimeRole),
                systemProperty(RUNTIME_PASSWORD).value(runtimePassword));
    }

    // ------------------------------------------------------------------ inside the container

    /**
     * Every test starts once the platform says it is ready (/health, as a load balancer asks),
     * the records module serves Patient and, in demo mode, every demo account exists (they are
     * created one after the other).
     */
    @Before
    public void awaitPlatform() {
        await("/health to say the platform is ready", Duration.ofSeconds(120),
                () -> http().get("/health", null).status() == 200, () -> logLines("ERROR"));
        await("the platform and the Patient provider", Duration.ofSeconds(120),
                () -> http().get("/fhir/metadata", null).body().contains("\"Patient\""), () -> logLines("ERROR"));
        if (demo()) {
            // looked up afresh each time: components that restart while the runtime settles
            // leave a looked-up instance stale, and a stale one would fail until the timeout
            await("a demo account for every role", Duration.ofSeconds(120), () -> {
                var access = currentService(org.openward.platform.api.security.AccessControl.class);
                var users = currentService(org.openward.platform.api.users.UserAdministration.class);
                return access != null && users != null && access.callAsSystem("itest",
                        () -> users.roleNames().stream().allMatch(role -> users.findUser(role).isPresent()));
            }, () -> logLines("Demo data|demo data|ERROR"));
        }
    }

    /** The service as registered at this moment, or null. */
    private <T> T currentService(Class<T> type) {
        var reference = bundleContext.getServiceReference(type);
        return reference == null ? null : type.cast(bundleContext.getService(reference));
    }

    /** The runtime's last log lines that match, for a failure message (tests run inside the runtime). */
    protected static String logLines(String regex) {
        Pattern wanted = Pattern.compile(regex);
        Path logs = Path.of(System.getProperty("karaf.data"), "log");
        try (Stream<Path> files = Files.list(logs)) {
            List<String> lines = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> wanted.matcher(line).find())
                        .forEach(lines::add);
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log not readable: " + e + ")";
        }
    }

    protected Http http() {
        return new Http("http://127.0.0.1:" + System.getProperty(HTTP_PORT));
    }

    /** Waits until the condition holds, checking every 200 ms; fails with the message after the timeout. */
    protected static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        await(what, timeout, condition, () -> "");
    }

    /** As {@link #await(String, Duration, Supplier)}; a failure adds what the diagnosis finds then. */
    protected static void await(String what, Duration timeout, Supplier<Boolean> condition,
            Supplier<String> diagnosis) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not there yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String found = diagnosis.get();
        fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + (found.isEmpty() ? "" : "\n" + found));
    }

    /** Logs in over HTTP, waiting for the demo accounts when the runtime has just started. */
    protected String login(String username, String password) {
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
        String[] token = new String[1];
        await("login of " + username, Duration.ofSeconds(120), () -> {
            Http.Answer answer = http().post("/api/auth/login", null, "application/json", body);
            if (answer.status() != 200) {
                return false;
            }
            token[0] = read(answer.body()).get("token").asText();
            return true;
        });
        return token[0];
    }

    /** Logs in as the demo account of a role (password {@code <role>-password}). */
    protected String loginAs(String role) {
        return login(role, role + "-password");
    }

    /**
     * The service as registered now. Services are looked up at each use rather than injected
     * once: when the transaction manager restarts at boot, components are recreated and an
     * injected instance would be a stale one.
     */
    protected <T> T service(Class<T> type) {
        Object[] found = new Object[1];
        await(type.getSimpleName(), Duration.ofSeconds(60), () -> {
            var reference = bundleContext.getServiceReference(type);
            found[0] = reference == null ? null : bundleContext.getService(reference);
            return found[0] != null;
        });
        return type.cast(found[0]);
    }

    /** Whether this runtime runs on PostgreSQL (with a schema owner apart from the runtime role). */
    protected static boolean onPostgresql() {
        return System.getProperty(OWNER_URL) != null;
    }

    /**
     * A connection as the schema's owner: on PostgreSQL through the driver's factory, with the
     * owner's credentials; on embedded Derby, which has one user, the runtime's data source.
     */
    protected Connection ownerConnection() throws SQLException {
        return onPostgresql() ? postgresql(System.getProperty(OWNER_USER), System.getProperty(OWNER_PASSWORD))
                : runtimeDataSource().getConnection();
    }

    /** On PostgreSQL: a connection of its own (not from the pool) as the role the runtime connects as. */
    protected Connection runtimeRoleConnection() throws SQLException {
        return postgresql(System.getProperty(RUNTIME_USER), System.getProperty(RUNTIME_PASSWORD));
    }

    private Connection postgresql(String user, String password) throws SQLException {
        java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty(DataSourceFactory.JDBC_URL, System.getProperty(OWNER_URL));
        credentials.setProperty(DataSourceFactory.JDBC_USER, user);
        credentials.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
        try {
            var factory = bundleContext.getServiceReferences(DataSourceFactory.class,
                    "(osgi.jdbc.driver.class=org.postgresql.Driver)").iterator().next();
            return bundleContext.getService(factory).createDataSource(credentials).getConnection();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data source the modules use, connected as the runtime role. */
    protected DataSource runtimeDataSource() {
        try {
            var reference = bundleContext.getServiceReferences(DataSource.class, "(osgi.jndi.service.name=openward)")
                    .iterator().next();
            return bundleContext.getService(reference);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An event consumer's cursor in the outbox: its position and the events it has processed; {-1, 0} before it exists. */
    protected long[] eventCursor(String consumer) {
        try (Connection connection = runtimeDataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT position, processed FROM platform_event_cursor WHERE consumer = ?")) {
            select.setString(1, consumer);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new long[] {row.getLong(1), row.getLong(2)} : new long[] {-1, 0};
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Events of the type that the consumer has not taken into account yet (with a position or still without). */
    protected long eventBacklog(String consumer, String type) {
        try (Connection connection = runtimeDataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM platform_event e"
                        + " WHERE e.event_type = ? AND (e.position IS NULL OR e.position >"
                        + " (SELECT c.position FROM platform_event_cursor c WHERE c.consumer = ?))")) {
            select.setString(1, type);
            select.setString(2, consumer);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts a user on the patient's care team, as a registration clerk does in the shell. */
    protected void putOnCareTeam(String patientId, String username) {
        assertThat(shell("records:care-team " + patientId + " " + username, "registrar-on-shell", "registration"),
                containsString("joined the care team"));
    }

    /** Reads the audit trail as the platform itself would, bypassing the HTTP doors. */
    protected List<org.openward.audit.api.AuditRecord> auditTrail(org.openward.audit.api.AuditQuery query) {
        var access = service(org.openward.platform.api.security.AccessControl.class);
        var audit = service(org.openward.audit.api.AuditTrail.class);
        return access.callAsSystem("itest", () -> audit.search(query).records());
    }

    protected JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    protected <T extends IBaseResource> T parse(Class<T> type, String body) {
        return fhir.newJsonParser().parseResource(type, body);
    }

    protected String encode(IBaseResource resource) {
        return fhir.newJsonParser().encodeResourceToString(resource);
    }

    protected static void assertStatus(int expected, Http.Answer answer) {
        if (answer.status() != expected) {
            String serverLog = answer.status() >= 500 ? "\nserver log:\n" + serverLogOf(answer.body()) : "";
            fail("HTTP status expected:<" + expected + "> but was:<" + answer.status() + ">; body was: "
                    + answer.body() + serverLog);
        }
    }

    /**
     * What the runtime logged for the request whose id a 5xx answer quotes: the answer names
     * only the id, so that a failure on a build machine can be explained from the test report.
     */
    private static String serverLogOf(String body) {
        Matcher id = REQUEST_ID.matcher(body);
        Path log = Path.of(System.getProperty("karaf.data", "data"), "log", "karaf.log");
        if (!id.find() || !Files.isReadable(log)) {
            return "(no request id in the answer, or no log at " + log + ")";
        }
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).contains(id.group())) {
                    return String.join("\n", all.subList(i, Math.min(all.size(), i + 80)));
                }
            }
            return "(request " + id.group() + " not in " + log + ")";
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** A FHIR refusal: the status, an OperationOutcome with the code (and the element, if given), no stack trace. */
    protected void assertRefused(Http.Answer answer, int status, String code, String expression) {
        assertStatus(status, answer);
        OperationOutcome outcome = parse(OperationOutcome.class, answer.body());
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.getIssueFirstRep();
        assertThat(answer.body(), issue.getDiagnostics(), startsWith(code + ": "));
        if (expression != null) {
            assertEquals(answer.body(), expression, issue.getExpression().get(0).getValue());
        }
        assertFalse("no stack trace in " + answer.body(), answer.body().contains("\tat ") || answer.body().contains("Exception"));
    }

    /**
     * Runs a shell command as a Karaf shell user with the given JAAS roles, as SSH or the
     * local console would, and returns what it printed.
     */
    protected String shell(String command, String user, String... roles) {
        return shellWithInput("", command, user, roles);
    }

    /**
     * Karaf's command ACL (etc/org.apache.karaf.command.acl.<scope>.cfg) stopped the command
     * before it ran: Karaf hides a command from a session whose roles may not run it.
     */
    protected static void assertRefusedByTheCommandAcl(String output) {
        assertThat(output, containsString("CommandNotFoundException"));
    }

    /** Like {@link #shell}, with what the user types at the command's prompts. */
    protected String shellWithInput(String input, String command, String user, String... roles) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), print, print);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        try {
            Object result = Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            if (result != null) {
                print.println(result);
            }
        } catch (Exception e) {
            print.println("ERROR: " + e);
        } finally {
            session.close();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A name no other test uses: the prefix and eight random letters (names take no digits). */
    protected static String uniqueName(String prefix) {
        StringBuilder name = new StringBuilder(prefix);
        UUID.randomUUID().toString().replace("-", "").chars().limit(8)
                .forEach(hex -> name.append((char) ('a' + Character.digit(hex, 16))));
        return name.toString();
    }

    protected static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
