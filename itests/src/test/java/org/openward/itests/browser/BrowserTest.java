package org.openward.itests.browser;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Rule;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every web UI test shares: Debian's headless Chromium driven through chromedriver, the
 * rules for when the tests run (the embedded-Derby pass only; skipped where Chromium is not
 * installed, unless OPENWARD_TEST_BROWSER_REQUIRED=true, which .ci/run sets), screenshots, and
 * the waits for what the screen shows. A failing test leaves a picture of the screen and the
 * browser's console behind.
 */
abstract class BrowserTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static WebDriver browser;
    private static Path screens;

    @Rule
    public final TestWatcher onFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            if (browser != null) {
                snapshot("failed-" + description.getMethodName());
                browser.manage().logs().get(LogType.BROWSER).forEach(entry -> System.err.println("browser: " + entry));
            }
        }
    };

    /** Skips the class where it does not run; fails it where Chromium is required and missing. */
    static void requireChromium() {
        assumeFalse("the web UI does not depend on the database: runs in the embedded-Derby pass only",
                "postgresql".equals(System.getProperty("openward.itest.database")));
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!"true".equals(System.getenv("OPENWARD_TEST_BROWSER_REQUIRED"))) {
            assumeTrue("Debian's chromium and chromium-driver are not installed", installed);
        }
        assertTrue("Debian's chromium and chromium-driver are required (apt-get install chromium chromium-driver)",
                installed);
    }

    /** Opens the browser; screenshots go to {@code screenshots}. */
    static void openBrowser(Path screenshots) {
        screens = screenshots;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    /** Keeps a picture of the screen, for a look when something fails. */
    static void snapshot(String name) {
        try {
            Path folder = Files.createDirectories(screens);
            Files.write(folder.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WebElement visible(By locator) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /**
     * Clicks the element once it is visible, finding it again if the page re-rendered it between
     * finding and clicking (the navigation is redrawn once the session is restored).
     */
    static void click(By locator) {
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement element = driver.findElement(locator);
            if (!element.isDisplayed()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    static void await(By locator, String text) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    static void type(By locator, String text) {
        type(visible(locator), text);
    }

    static void type(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }
}
