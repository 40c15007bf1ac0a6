package org.openward.itests.browser;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openward.itests.support.Distribution;
import org.openward.itests.support.Http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The chart shows the decision support cards of an installed plugin, in Debian's headless
 * Chromium against the built distribution with the sample plugin's KAR in {@code deploy/} (as an
 * administrator installs it) and its fault demonstration set to fail: the cards, the most urgent
 * first, with their source and a link that opens apart from the chart; a quiet line for the
 * service that failed; the cards going as the chart is completed, and no panel at all once there
 * is nothing to say. The physician opens a newly registered adult's chart (no blood pressure on
 * record) by breaking the glass, the one way into a chart outside their care that a test outside
 * the runtime has. Runs in the embedded-Derby pass; skipped where Chromium is not installed,
 * unless OPENWARD_TEST_BROWSER_REQUIRED=true.
 */
public class DecisionSupportBrowserIT extends BrowserTest {

    private static final String PLUGIN = "com.example.openward.reminders";
    private static final String PLUGIN_SETTINGS = "etc/com.example.openward.reminders.cfg";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Distribution distribution;
    private static Http http;

    @BeforeClass
    public static void start() throws Exception {
        requireChromium();
        distribution = new Distribution(Path.of(System.getProperty("openward.distribution")),
                Path.of("target/decision-support-browser"), Map.of());
        distribution.configure("etc/org.openward.security.cfg", "mfaRequired", "false");
        distribution.configure("etc/org.openward.demo.cfg", "chartYears", "0");
        // the plugin as an administrator installs it: its KAR in deploy/
        Path kar = Path.of(System.getProperty("openward.sample.kar"));
        Files.copy(kar, distribution.home().resolve("deploy").resolve(kar.getFileName()));
        // its settings: the fault demonstration failing, the influenza season around today
        DateTimeFormatter monthDay = DateTimeFormatter.ofPattern("MM-dd");
        distribution.configure(PLUGIN_SETTINGS, "faulty", "throws");
        distribution.configure(PLUGIN_SETTINGS, "influenzaSeasonStart", LocalDate.now().minusDays(30).format(monthDay));
        distribution.configure(PLUGIN_SETTINGS, "influenzaSeasonEnd", LocalDate.now().plusDays(30).format(monthDay));
        distribution.start(Duration.ofMinutes(4));
        http = new Http(distribution.baseUrl());

        openBrowser(Path.of("target/decision-support-browser-screens"));
    }

    @AfterClass
    public static void stop() throws Exception {
        closeBrowser();
        if (distribution != null) {
            distribution.close();
        }
    }

    @Test
    public void theChartShowsThePluginsCardsAndSaysWhichServiceFailed() throws Exception {
        String patientId = adultOpenedByBreakingTheGlass();
        String physician = login("physician");
        awaitTrue("the plugin's cards for the chart", Duration.ofSeconds(180), () -> {
            String answer = http.get("/fhir/Patient/" + patientId + "/$cds-patient-view", physician).body();
            return answer.contains(PLUGIN) && answer.contains("blood-pressure-screening");
        });

        signIn("physician");
        browser.get(distribution.baseUrl() + "/#/patients/" + patientId);
        visible(By.id("chart-banner"));
        WebElement panel = visible(By.id("decision-support"));
        assertThat(panel.getText(), containsString("Decision support"));
        List<WebElement> cards = panel.findElements(By.cssSelector("li.cds-card"));
        assertEquals("blood pressure and influenza", 2, cards.size());
        WebElement bloodPressure = cards.get(0);
        assertEquals("the most urgent first", "blood-pressure-screening", bloodPressure.getAttribute("data-service"));
        assertEquals("warning", bloodPressure.getAttribute("data-indicator"));
        assertEquals("No blood pressure on record", bloodPressure.findElement(By.cssSelector(".cds-summary")).getText());
        assertThat(bloodPressure.findElement(By.cssSelector(".cds-detail")).getText(), containsString("no measurement"));
        assertThat(bloodPressure.findElement(By.cssSelector(".cds-source")).getText(), containsString("USPSTF"));
        WebElement link = bloodPressure.findElement(By.cssSelector(".cds-source a"));
        assertThat(link.getAttribute("href"), startsWith("https://www.uspreventiveservicestaskforce.org/"));
        assertEquals("_blank", link.getAttribute("target"));
        assertThat(link.getAttribute("rel"), containsString("noopener"));
        WebElement influenza = cards.get(1);
        assertEquals("influenza-vaccine", influenza.getAttribute("data-service"));
        assertEquals("info", influenza.getAttribute("data-indicator"));
        assertThat(influenza.getText(), containsString("Influenza vaccine due"));
        assertEquals(PLUGIN, influenza.getAttribute("data-plugin"));
        assertEquals("Fault demonstration (sample) is unavailable: it failed (IllegalStateException)",
                panel.findElement(By.cssSelector(".cds-unavailable[data-service=fault-demonstration]")).getText());
        snapshot("decision-support");

        // a blood pressure recorded in the chart: its reminder goes, the other card stays
        visible(By.cssSelector("#vitals-form input[name=systolic]")).sendKeys("128");
        browser.findElement(By.cssSelector("#vitals-form input[name=diastolic]")).sendKeys("82");
        browser.findElement(By.cssSelector("#vitals-form button[type=submit]")).click();
        await(By.cssSelector("#summary-vitals tr[data-loinc='85354-9']"), "128/82 mm[Hg]");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#decision-support li.cds-card"), 1));
        assertEquals("influenza-vaccine", browser.findElement(By.cssSelector("#decision-support li.cds-card"))
                .getAttribute("data-service"));

        // the flu shot given and the fault demonstration well again: nothing to say, no panel at all
        String given = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "OpenWard.api('/fhir/Immunization', {method: 'POST', body: {resourceType: 'Immunization', status: 'completed',"
                + " vaccineCode: {coding: [{system: 'http://hl7.org/fhir/sid/cvx', code: '140',"
                + " display: 'Influenza, seasonal, injectable, preservative free'}]},"
                + " patient: {reference: 'Patient/" + patientId + "'}, occurrenceDateTime: arguments[0], primarySource: true}})"
                + ".then(r => done(r.id), e => done('failed: ' + e.message));", Instant.now().toString());
        assertTrue(given, !given.startsWith("failed"));
        distribution.configure(PLUGIN_SETTINGS, "faulty", "none");
        awaitTrue("the fault demonstration to answer again", Duration.ofSeconds(60),
                () -> !http.get("/fhir/Patient/" + patientId + "/$cds-patient-view", physician).body().contains("unavailable"));
        browser.get(distribution.baseUrl() + "/#/patients/" + patientId + "/encounters");
        visible(By.id("encounter-timeline"));
        // the plugins have answered (the panel is no longer busy), and the panel stays hidden
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#decision-support:not([aria-busy])")));
        assertTrue("no panel when there is nothing to say", !browser.findElement(By.id("decision-support")).isDisplayed());
        snapshot("decision-support-nothing-to-say");
    }

    // --- over HTTP, as the test's own set-up

    /** Registers an adult with nothing recorded; the physician breaks the glass to open the chart. */
    private static String adultOpenedByBreakingTheGlass() {
        Http.Answer created = http.post("/fhir/Patient", login("registration"), "application/fhir+json",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Reminder\",\"given\":[\"Rhea\"]}],"
                + "\"gender\":\"female\",\"birthDate\":\"1961-04-12\"}");
        assertEquals(created.body(), 201, created.status());
        String patientId = json(created.body()).path("id").asText();
        Http.Answer grant = http.post("/api/break-glass", login("physician"), "application/json",
                "{\"patient\":\"" + patientId + "\",\"reason\":\"Decision support browser test: synthetic patient\","
                + "\"password\":\"physician-password\"}");
        assertEquals(grant.body(), 201, grant.status());
        return patientId;
    }

    private static String login(String username) {
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + username + "-password\"}";
        String[] token = new String[1];
        awaitTrue("login of " + username, Duration.ofSeconds(120), () -> {
            Http.Answer answer = http.post("/api/auth/login", null, "application/json", body);
            if (answer.status() != 200) {
                return false;
            }
            token[0] = json(answer.body()).path("token").asText();
            return true;
        });
        return token[0];
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    // --- the browser

    private static void signIn(String username) {
        browser.get(distribution.baseUrl() + "/#/");
        visible(By.id("login-view"));
        type(By.id("username"), username);
        type(By.id("password"), username + "-password");
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        await(By.id("who-name"), username + " (");
    }
}
