package org.openward.itests.browser;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openward.itests.support.Distribution;
import org.openward.itests.support.OneTimeCodes;

/**
 * The clinician's web UI end to end, in Debian's headless Chromium against the built
 * distribution started as an administrator starts it (demo data, but with the second factor
 * required): sign in enrolling an authenticator, find a patient, open the chart, record vital
 * signs, see a lab trend, write and sign a note; and a chart outside the clinician's care stays
 * closed. Runs in the embedded-Derby pass; skipped where Chromium is not installed, unless
 * OPENWARD_TEST_BROWSER_REQUIRED=true (.ci/run sets it).
 */
public class ClinicianBrowserIT extends BrowserTest {

    private static Distribution distribution;
    private static String secret;

    @BeforeClass
    public static void start() throws Exception {
        requireChromium();
        distribution = new Distribution(Path.of(System.getProperty("openward.distribution")),
                Path.of("target/clinician-browser"), Map.of());
        distribution.configure("etc/org.openward.security.cfg", "mfaRequired", "true");
        distribution.configure("etc/org.openward.demo.cfg", "chartYears", "1");
        distribution.start(Duration.ofMinutes(4));

        openBrowser(Path.of("target/clinician-browser-screens"));
        signInEnrollingASecondFactor();
    }

    @AfterClass
    public static void stop() throws Exception {
        closeBrowser();
        if (distribution != null) {
            distribution.close();
        }
    }

    /** The demo physician's first sign-in: password, then enrol the authenticator, then password and code. */
    private static void signInEnrollingASecondFactor() {
        browser.get(distribution.baseUrl() + "/");
        type(By.id("username"), "physician");
        type(By.id("password"), "physician-password");
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();

        secret = visible(By.id("enrol-secret")).getText();
        assertTrue(secret, secret.matches("[A-Z2-7]{32,}"));
        assertThat(browser.findElement(By.id("enrol-uri")).getText(), containsString("otpauth://totp/"));
        long enrolled = Instant.now().getEpochSecond() / 30;
        type(By.id("enrol-code"), OneTimeCodes.code(secret, Instant.now(), 0));
        browser.findElement(By.cssSelector("#enrol-form button[type=submit]")).click();

        assertThat(visible(By.id("login-notice")).getText(), containsString("second factor is set up"));
        assertTrue(browser.findElement(By.id("code-field")).isDisplayed());
        type(By.id("password"), "physician-password");
        // the enrolment spent its 30-second step: the sign-in needs a later one
        long now = Instant.now().getEpochSecond() / 30;
        type(By.id("code"), OneTimeCodes.code(secret, Instant.now(), now > enrolled ? 0 : 1));
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        assertThat(visible(By.id("who-name")).getText(), containsString("physician"));
    }

    @Test
    public void aPhysicianFindsAPatientOpensTheChartRecordsVitalsAndSignsANote() {
        browser.get(distribution.baseUrl() + "/#/");
        click(By.linkText("Patients"));
        type(By.id("patient-search-text"), "DEMO-0001");
        browser.findElement(By.cssSelector("#patient-search button[type=submit]")).click();
        WebElement result = visible(By.cssSelector("#patient-results tbody tr td a"));
        String name = result.getText();
        result.click();

        WebElement banner = visible(By.id("chart-banner"));
        assertThat(banner.getText(), containsString(name));
        assertFalse(browser.findElement(By.id("banner-mrn")).getText().isBlank());
        // a demo patient has no allergy or drug allergies (penicillin G, codeine): shown by name
        String allergies = new WebDriverWait(browser, WAIT).until(driver -> {
            String text = driver.findElement(By.id("banner-allergies")).getText();
            return text.isBlank() ? null : text;
        });
        assertTrue(allergies, allergies.equals("No allergies recorded")
                || allergies.matches("Allergies: ((penicillin G|codeine)( \\(high risk\\))? ?)+"));
        String patientId = browser.getCurrentUrl().replaceAll(".*#/patients/([^/]+).*", "$1");

        // vital signs: stored in one transaction, shown as the latest at once
        visible(By.cssSelector("#vitals-form input[name=heart-rate]")).sendKeys("123");
        browser.findElement(By.cssSelector("#vitals-form input[name=systolic]")).sendKeys("141");
        browser.findElement(By.cssSelector("#vitals-form input[name=diastolic]")).sendKeys("92");
        browser.findElement(By.cssSelector("#vitals-form button[type=submit]")).click();
        await(By.cssSelector("#summary-vitals tr[data-loinc='8867-4']"), "123 /min");
        await(By.cssSelector("#summary-vitals tr[data-loinc='85354-9']"), "141/92 mm[Hg]");
        snapshot("chart-summary");

        // a note written and signed at once, with its signer shown
        browser.findElement(By.linkText("Notes")).click();
        String text = "Seen on the ward round " + Instant.now() + ". Stable; continue current plan.";
        type(By.id("note-text"), text);
        browser.findElement(By.id("note-sign")).click();
        WebElement note = visible(By.xpath("//article[contains(@class,'note')][.//pre[text()='" + text + "']]"));
        assertThat(note.getText(), containsString("signed"));
        assertThat(note.getText(), containsString("signed by physician"));

        // the note is amended: the new text shows, marked amended
        String noteId = note.getAttribute("data-note");
        note.findElement(By.xpath(".//button[text()='Amend']")).click();
        WebElement editor = visible(By.cssSelector("#note-editor-" + noteId + " textarea"));
        editor.sendKeys(" Addendum: potassium to be rechecked.");
        browser.findElement(By.id("note-amend")).click();
        WebElement amended = visible(By.xpath("//article[contains(@class,'amended')][.//pre[contains(text(),'Addendum')]]"));
        assertThat(amended.getText(), containsString(text));
        snapshot("chart-notes");

        // two bilirubin results (a test the demo history has none of): the trend shows both, the high one flagged
        for (String[] result2 : List.of(new String[] {"2026-10-01T08:00:00Z", "12"}, new String[] {"2026-11-01T08:00:00Z", "38"})) {
            String created = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                    + "OpenWard.api('/fhir/Observation', {method: 'POST', body: {resourceType: 'Observation', status: 'final',"
                    + " category: [{coding: [{system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory'}]}],"
                    + " code: {coding: [{system: 'http://loinc.org', code: '1975-2', display: 'Bilirubin.total [Mass/volume] in Serum or Plasma'}]},"
                    + " subject: {reference: 'Patient/" + patientId + "'}, effectiveDateTime: arguments[0],"
                    + " valueQuantity: {value: Number(arguments[1]), unit: 'umol/L', system: 'http://unitsofmeasure.org', code: 'umol/L'},"
                    + " referenceRange: [{low: {value: 5, unit: 'umol/L', system: 'http://unitsofmeasure.org', code: 'umol/L'},"
                    + " high: {value: 21, unit: 'umol/L', system: 'http://unitsofmeasure.org', code: 'umol/L'}}]}})"
                    + ".then(r => done(r.id), e => done('failed: ' + e.message));", result2[0], result2[1]);
            assertFalse(created, created.startsWith("failed"));
        }
        browser.get(distribution.baseUrl() + "/#/patients/" + patientId + "/results/1975-2");
        WebElement trend = visible(By.cssSelector("#results-trend svg.trend"));
        assertEquals(2, trend.findElements(By.cssSelector("circle.point")).size());
        assertEquals(1, trend.findElements(By.cssSelector("circle.point.flagged")).size());
        snapshot("chart-results");
        browser.findElement(By.linkText("Encounters")).click();
        visible(By.id("encounter-timeline"));
        snapshot("chart-encounters");
    }

    @Test
    public void aChartOutsideThePhysiciansCareStaysClosed() {
        browser.get(distribution.baseUrl() + "/#/patients");
        type(visible(By.id("patient-search-text")), "DEMO-0100");
        browser.findElement(By.cssSelector("#patient-search button[type=submit]")).click();
        click(By.cssSelector("#patient-results tbody tr td a"));
        assertThat(visible(By.id("chart-closed")).getText(), containsString("not in your care"));
        assertTrue(browser.findElements(By.id("chart-banner")).isEmpty());
        assertTrue(browser.findElement(By.id("break-glass")).isDisplayed());
        snapshot("chart-closed");
    }
}
