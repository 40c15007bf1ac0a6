package org.openward.itests.browser;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openward.itests.support.Distribution;
import org.openward.itests.support.Http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The pharmacy's web screens end to end, in Debian's headless Chromium against the built
 * distribution started in demo mode: a physician's order (placed over the FHIR API) is verified
 * and dispensed by the pharmacist in the verification queue, then given by the nurse on the
 * eMAR by scanning the wristband and the product; and a wristband of another patient is
 * stopped with nothing recorded. The second factor is turned off (mfaRequired = false, as
 * bin/setenv does for demo starts) so that three users can sign in with their passwords;
 * ClinicianBrowserIT covers the second factor in the browser. Runs in the embedded-Derby pass;
 * skipped where Chromium is not installed, unless OPENWARD_TEST_BROWSER_REQUIRED=true.
 */
public class PharmacyBrowserIT extends BrowserTest {

    private static final Duration DEMO_DATA = Duration.ofMinutes(4);
    private static final String FHIR_JSON = "application/fhir+json";
    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String HIGH_ALERT = "https://openward.org/fhir/StructureDefinition/high-alert";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An oral product of the shipped formulary that is not high-alert, and the order that one unit
     * of it makes: the dose is the product's strength.
     */
    private record Product(String rxnorm, String drug, String gtin, double dose, String unit, String route,
            String routeName) {

        /**
         * The barcode of the lot the demo data stocks (DemoPharmacy: lot "L" and digits 9 to 13 of
         * the GTIN, expiring on the first of the month two years on), in the parenthesised form a
         * keyboard-wedge scanner types without control characters.
         */
        String barcode() {
            LocalDate expiry = LocalDate.now(ZoneOffset.UTC).plusYears(2).withDayOfMonth(1);
            return "(01)" + gtin + "(17)" + DateTimeFormatter.ofPattern("yyMMdd").format(expiry) + "(10)L"
                    + gtin.substring(8, 13);
        }
    }

    /**
     * Tried in turn until one raises no high-severity alert for the patient (allergies and home
     * medication differ): products of the shipped formulary (formulary.json), none high-alert,
     * none a demo patient's home medication, none in the same allergy class as the demo allergies
     * (penicillin G, codeine).
     */
    private static final List<Product> ORAL = List.of(
            new Product("161", "acetaminophen", "00399990007015", 500, "mg", "26643006", "oral"),
            new Product("4603", "furosemide", "00399990042016", 40, "mg", "26643006", "oral"),
            new Product("6918", "metoprolol", "00399990045017", 25, "mg", "26643006", "oral"));

    /** An order placed for the test, and the product it was placed for. */
    private record Ordered(String id, String patientId, Product product) {
    }

    /** A demo patient: the FHIR id and the MRN their wristband carries. */
    private record Patient(String id, String mrn) {
    }

    private static Distribution distribution;
    private static Http http;

    @BeforeClass
    public static void start() throws Exception {
        requireChromium();
        distribution = new Distribution(Path.of(System.getProperty("openward.distribution")),
                Path.of("target/pharmacy-browser"), Map.of());
        // passwords only: the pharmacist, the nurse and the physician all sign in here
        distribution.configure("etc/org.openward.security.cfg", "mfaRequired", "false");
        // at least a year of history: the demo charts put the first 20 patients on the nurse's ward
        distribution.configure("etc/org.openward.demo.cfg", "chartYears", "1");
        distribution.start(Duration.ofMinutes(4));
        http = new Http(distribution.baseUrl());
        awaitPharmacyDemoData();

        openBrowser(Path.of("target/pharmacy-browser-screens"));
    }

    @AfterClass
    public static void stop() throws Exception {
        closeBrowser();
        if (distribution != null) {
            distribution.close();
        }
    }

    @Test
    public void aPharmacistVerifiesAndDispensesAndTheNurseGivesTheDoseByScanning() {
        Patient patient = demoPatient("DEMO-0003");
        Ordered ordered = order(patient);
        String barcode = ordered.product().barcode();

        // the pharmacist: the order waits in the queue, with its patient, drug and prescriber
        signIn("pharmacist");
        browser.get(distribution.baseUrl() + "/#/pharmacy");
        By inQueue = By.cssSelector("#queue article[data-order='" + ordered.id() + "']");
        WebElement card = visible(inQueue);
        assertThat(card.getText(), containsString(patient.mrn()));
        assertThat(card.getText(), containsString("physician"));
        assertThat(card.getText().toLowerCase(), containsString(ordered.product().drug()));
        assertTrue(card.findElements(By.cssSelector(".rx-badge-high-alert")).isEmpty());
        snapshot("pharmacy-queue");

        card.findElement(By.cssSelector("button[data-action=verify]")).click();
        By toDispense = By.cssSelector("#to-dispense article[data-order='" + ordered.id() + "']");
        WebElement scan = visible(By.cssSelector("#to-dispense article[data-order='" + ordered.id() + "'] input[name=barcode]"));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(inQueue));
        assertThat(browser.findElement(toDispense).getText(), containsString("verified by pharmacist"));

        // dispensing: the product scanned at the counter, Enter from the scanner submits
        assertEquals("pharmacy", browser.findElement(By.cssSelector("#to-dispense article[data-order='" + ordered.id()
                + "'] input[name=location]")).getAttribute("value"));
        scan.sendKeys(barcode + Keys.ENTER);
        By result = By.cssSelector("#to-dispense article[data-order='" + ordered.id() + "'] .rx-dispense-result");
        await(result, "Dispensed 1");
        assertThat(browser.findElement(result).getText(), containsString("MedicationDispense/"));
        snapshot("pharmacy-dispensed");

        // the nurse: the dose is due on the eMAR; wristband, then medication, each ended by Enter
        signIn("nurse");
        browser.get(distribution.baseUrl() + "/#/emar/" + patient.id());
        assertEquals(patient.mrn(), visible(By.id("emar-mrn")).getText());
        By due = slot(ordered, "due");
        visible(due);
        snapshot("emar-due");
        WebElement wristband = visible(By.id("scan-wristband"));
        wristband.sendKeys(patient.mrn() + Keys.ENTER);
        assertEquals("the focus moves on to the medication", "scan-medication",
                browser.switchTo().activeElement().getAttribute("id"));
        browser.switchTo().activeElement().sendKeys(barcode + Keys.ENTER);

        WebElement given = visible(By.cssSelector("#scan-result .given"));
        String administrationId = given.getAttribute("data-administration");
        assertNotNull(administrationId);
        WebElement row = visible(slot(ordered, "given"));
        assertEquals(administrationId, row.getAttribute("data-administration"));
        assertTrue(browser.findElements(due).isEmpty());
        assertEquals("", browser.findElement(By.id("scan-wristband")).getAttribute("value"));
        snapshot("emar-given");

        // the record behind the screen
        String nurse = login("nurse");
        Http.Answer read = http.get("/fhir/MedicationAdministration/" + administrationId, nurse);
        assertEquals(read.body(), 200, read.status());
        JsonNode administration = json(read.body());
        assertEquals("completed", administration.path("status").asText());
        assertEquals("Patient/" + patient.id(), administration.path("subject").path("reference").asText());
        assertThat(read.body(), containsString("MedicationRequest/" + ordered.id()));
        JsonNode emarSlot = emarSlot(ordered, nurse);
        assertEquals("given", emarSlot.path("status").asText());
        assertEquals("MedicationAdministration/" + administrationId, emarSlot.path("administration").asText());
    }

    @Test
    public void anotherPatientsWristbandStopsTheDoseAndNothingIsRecorded() {
        Patient patient = demoPatient("DEMO-0004");
        Patient other = demoPatient("DEMO-0005");
        assertThat(other.mrn(), not(patient.mrn()));
        Ordered ordered = order(patient);
        Http.Answer verified = http.post("/fhir/MedicationRequest/" + ordered.id() + "/$verify", login("pharmacist"), FHIR_JSON,
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"decision\",\"valueCode\":\"verified\"}]}");
        assertEquals(verified.body(), 200, verified.status());

        signIn("nurse");
        browser.get(distribution.baseUrl() + "/#/emar/" + patient.id());
        visible(slot(ordered, "due"));
        visible(By.id("scan-wristband")).sendKeys(other.mrn() + Keys.ENTER);
        assertEquals("scan-medication", browser.switchTo().activeElement().getAttribute("id"));
        browser.switchTo().activeElement().sendKeys(ordered.product().barcode() + Keys.ENTER);

        WebElement stop = visible(By.cssSelector("#scan-result .stop"));
        assertThat(stop.getText(), containsString("STOP"));
        assertThat(stop.getText(), containsString("OW-1531"));
        assertEquals("OW-1531", stop.getAttribute("data-code"));
        // cleared for a new scan, which starts at the wristband
        assertEquals("", browser.findElement(By.id("scan-wristband")).getAttribute("value"));
        assertEquals("", browser.findElement(By.id("scan-medication")).getAttribute("value"));
        assertEquals("scan-wristband", browser.switchTo().activeElement().getAttribute("id"));
        assertTrue(browser.findElements(By.cssSelector("#scan-result .given")).isEmpty());
        visible(slot(ordered, "due"));
        snapshot("emar-wrong-patient");

        JsonNode emarSlot = emarSlot(ordered, login("nurse"));
        assertEquals("due", emarSlot.path("status").asText());
        assertTrue("no administration recorded", emarSlot.path("administration").isMissingNode());
    }

    // --- the API side: patients, orders, the eMAR

    /** A demo patient on ward 4-west, once their chart is open to the physician and the nurse. */
    private static Patient demoPatient(String demoNumber) {
        String physician = login("physician");
        Http.Answer found = http.get("/fhir/Patient?identifier=" + demoNumber, physician);
        assertEquals(found.body(), 200, found.status());
        JsonNode patient = json(found.body()).path("entry").path(0).path("resource");
        String id = patient.path("id").asText();
        assertFalse("demo patient " + demoNumber + " not found", id.isEmpty());
        String mrn = null;
        for (JsonNode identifier : patient.path("identifier")) {
            for (JsonNode coding : identifier.path("type").path("coding")) {
                if ("MR".equals(coding.path("code").asText())) {
                    mrn = identifier.path("value").asText();
                }
            }
        }
        assertNotNull("no MRN on " + demoNumber, mrn);
        String nurse = login("nurse");
        // the demo charts admit the patient to the ward as they load: wait for it
        awaitTrue("the chart of " + demoNumber + " open to the physician and the nurse", DEMO_DATA,
                () -> http.get("/fhir/AllergyIntolerance?patient=" + id, physician).status() == 200
                        && http.get("/fhir/AllergyIntolerance?patient=" + id, nurse).status() == 200);
        return new Patient(id, mrn);
    }

    /**
     * The physician orders one unit of an oral product once every 24 hours from a minute ago, so
     * that its first dose is due now; the first product that raises no high-severity alert for
     * the patient (those are refused unless overridden) is the one ordered.
     */
    private static Ordered order(Patient patient) {
        String physician = login("physician");
        List<String> refused = new ArrayList<>();
        for (Product product : ORAL) {
            Http.Answer answer = http.post("/fhir/MedicationRequest", physician, FHIR_JSON, orderJson(patient, product));
            if (answer.status() == 409 && answer.body().contains("OW-1510")) {
                refused.add(product.drug() + ": " + answer.body());
                continue;
            }
            assertEquals(answer.body(), 201, answer.status());
            JsonNode order = json(answer.body());
            assertEquals("active", order.path("status").asText());
            assertThat(answer.body(), containsString("\"pending\""));
            for (JsonNode extension : order.path("extension")) {
                assertFalse("not a high-alert drug: " + product.drug(),
                        HIGH_ALERT.equals(extension.path("url").asText()) && extension.path("valueBoolean").asBoolean());
            }
            return new Ordered(order.path("id").asText(), patient.id(), product);
        }
        fail("every product raised a high-severity alert for Patient/" + patient.id() + ": " + refused);
        return null;
    }

    private static String orderJson(Patient patient, Product product) {
        ObjectNode order = JSON.createObjectNode();
        order.put("resourceType", "MedicationRequest");
        order.put("status", "active");
        order.put("intent", "order");
        order.putObject("subject").put("reference", "Patient/" + patient.id());
        order.putObject("medicationCodeableConcept").putArray("coding").addObject()
                .put("system", RXNORM).put("code", product.rxnorm()).put("display", product.drug());
        ObjectNode dosage = order.putArray("dosageInstruction").addObject();
        ObjectNode repeat = dosage.putObject("timing").putObject("repeat");
        repeat.putObject("boundsPeriod").put("start", Instant.now().minus(1, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS).toString());
        repeat.put("frequency", 1).put("period", 24).put("periodUnit", "h");
        dosage.putObject("route").putArray("coding").addObject()
                .put("system", SNOMED).put("code", product.route()).put("display", product.routeName());
        ArrayNode doseAndRate = dosage.putArray("doseAndRate");
        doseAndRate.addObject().putObject("doseQuantity").put("value", product.dose()).put("unit", product.unit())
                .put("system", UCUM).put("code", product.unit());
        return order.toString();
    }

    /** The order's slot on the patient's eMAR of the shift around now: its parts by name, references as text. */
    private static JsonNode emarSlot(Ordered ordered, String token) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Http.Answer answer = http.get("/fhir/MedicationAdministration/$emar?patient=" + ordered.patientId()
                + "&from=" + encode(now.minus(8, ChronoUnit.HOURS).toString())
                + "&to=" + encode(now.plus(8, ChronoUnit.HOURS).toString()), token);
        assertEquals(answer.body(), 200, answer.status());
        for (JsonNode parameter : json(answer.body()).path("parameter")) {
            ObjectNode slot = JSON.createObjectNode();
            for (JsonNode part : parameter.path("part")) {
                JsonNode value = null;
                for (Map.Entry<String, JsonNode> field : part.properties()) {
                    if (field.getKey().startsWith("value")) {
                        value = field.getValue();
                    }
                }
                if (value != null) {
                    slot.set(part.path("name").asText(), value.has("reference") ? value.get("reference") : value);
                }
            }
            if (("MedicationRequest/" + ordered.id()).equals(slot.path("order").asText())) {
                return slot;
            }
        }
        fail("MedicationRequest/" + ordered.id() + " is not on the eMAR: " + answer.body());
        return null;
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

    /**
     * The pharmacy's demo stock is loaded on the demo data thread, after the start: wait for the
     * platform's "Demo data loaded: pharmacy" (there is no stock endpoint over HTTP).
     */
    private static void awaitPharmacyDemoData() {
        Path log = distribution.home().resolve("data/log/karaf.log");
        awaitTrue("the pharmacy's demo stock (" + log + ")", DEMO_DATA, () -> {
            try {
                return Files.exists(log) && Files.readString(log).contains("Demo data loaded: pharmacy");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier check) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (check.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // --- the browser

    /** Signs out whoever is signed in, then signs in with the demo account's password. */
    private static void signIn(String username) {
        browser.get(distribution.baseUrl() + "/#/");
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.id("login-view")).isDisplayed()
                || d.findElement(By.id("who")).isDisplayed());
        if (browser.findElement(By.id("who")).isDisplayed()) {
            if (browser.findElement(By.id("who-name")).getText().startsWith(username + " ")) {
                return;
            }
            browser.findElement(By.id("logout")).click();
            visible(By.id("login-view"));
        }
        type(By.id("username"), username);
        type(By.id("password"), username + "-password");
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        await(By.id("who-name"), username + " (");
    }

    /** The eMAR row of the order's dose in a status. */
    private static By slot(Ordered ordered, String status) {
        return By.cssSelector("#emar tr.slot[data-order='" + ordered.id() + "'][data-status='" + status + "']");
    }
}
