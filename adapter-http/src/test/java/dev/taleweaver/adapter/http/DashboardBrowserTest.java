package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard in a real headless Chromium against a real server: connect with the token, watch the figures and the
 * chart fill in, and read the messages for a wrong token, disabled admin endpoints and a vanished server. Leaves
 * {@code target/dashboard-screenshot.png} behind for a human to look at.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "dashboard-test-token-0123456789";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern NON_ZERO_PERCENT = Pattern.compile("[1-9][0-9]*\\.[0-9] %");

    private static Path profile;
    private static WebDriver browser;

    private final FakeCache cache = new FakeCache();
    private TestApi api;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The dashboard test needs Debian's Chromium at " + CHROMIUM + " and its driver at " + CHROMEDRIVER
                    + ". Install them with: apt-get install chromium chromium-driver (CI's .ci/run does).");
        }
        // a driver given explicitly keeps Selenium Manager from trying to download one (this machine is offline)
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("dashboard-chromium-");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1280,1180");
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @AfterEach
    void stopServer() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void withTheRightTokenTheDashboardShowsLiveFigures() throws IOException {
        open(Optional.of(TOKEN));
        assertThat(text("status")).contains("Enter the admin token");

        connectWith(TOKEN);
        await().until(d -> NON_ZERO_PERCENT.matcher(text("hit-rate-hero")).matches());
        // the fake's reads grow with every poll, so each sample adds a point to the chart
        await().until(d -> Integer.parseInt(element("hit-rate-chart").getDomAttribute("data-samples")) >= 4);

        assertThat(text("circuit-state")).isEqualTo("CLOSED");
        assertThat(element("circuit-state").getDomAttribute("class")).contains("badge-closed");
        assertThat(text("status")).startsWith("Connected");
        assertThat(text("hit-rate-last-minute-hero")).matches(NON_ZERO_PERCENT);
        assertThat(text("mean-miss-hero")).isEqualTo("64.2 ms");
        assertThat(text("saved-hero")).isEqualTo("62.8 ms");
        assertThat(text("keys-story")).isEqualTo("30");
        assertThat(text("keys-total")).isEqualTo("47");
        assertThat(text("pool-usage")).matches("[0-9]+ / 24");
        // the fake's reads have their own pool (10..16 of 64 beside 3..5 of 24): shown, and the bar is the fuller share
        assertThat(text("read-pool-usage")).matches("1[0-6] / 64");
        assertThat(element("pool-bar").getDomAttribute("style")).matches("width: (1[5-9]|2[0-5])\\.[0-9]%;");
        assertThat(text("used-memory")).endsWith("MiB");
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("ttl-advice-hero"), "shorten"));
        assertThat(text("ttl-now-hero")).isEqualTo("1 h");
        assertThat(text("ttl-advice-hero")).isEqualTo("10 min · ↓ shorten");
        assertThat(element("ttl-advice-hero").getDomAttribute("title")).isEqualTo("why");
        assertThat(text("ttl-hit-rate-hero")).isEqualTo("90.5 % (91.0 %)");
        assertThat(text("ttl-memory-hero")).isEqualTo("20 %");
        assertThat(text("expired-unread-hero")).isEqualTo("33.3 %");
        assertThat(text("lifetime-hero")).isEqualTo("9 s");
        assertThat(text("ttl-advice-story")).isEqualTo("–");
        assertThat(text("hot-keys")).contains("hero:h1 · 40 reads");
        assertThat(element("token").getDomProperty("value")).as("the token left the input").isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(TOKEN);
        assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);
        assertThat(severeConsoleMessages()).as("console errors, e.g. CSP violations").isEmpty();

        Path screenshot = Path.of(System.getProperty("basedir", "."), "target", "dashboard-screenshot.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aWrongTokenSaysSo() {
        open(Optional.of(TOKEN));

        connectWith("not-the-admin-token");

        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "401"));
        assertThat(text("status")).contains("Wrong admin token");
        assertThat(element("status").getDomAttribute("class")).contains("status-error");
        assertThat(text("circuit-state")).isEqualTo("–");
    }

    @Test
    void disabledAdminEndpointsAreExplained() {
        open(Optional.empty());

        connectWith(TOKEN);

        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "404"));
        assertThat(text("status")).contains("disabled", "ADMIN_TOKEN");
    }

    @Test
    void aServerThatGoesAwayIsReported() {
        open(Optional.of(TOKEN));
        connectWith(TOKEN);
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Connected"));

        api.close();

        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Cannot reach the server"));
        assertThat(text("circuit-state")).as("the last figures stay on screen").isEqualTo("CLOSED");
    }

    private void open(Optional<String> adminToken) {
        api = TestApi.builder()
                .routes(new AdminRoutes(new AdminGuard(adminToken), cache, cache, () -> CacheAnalyticsRouteTest.REPORT))
                .routes(new DashboardRoutes())
                .start();
        browser.get(api.uri("/dashboard").toString());
        await().until(ExpectedConditions.elementToBeClickable(By.id("connect")));
    }

    private void connectWith(String token) {
        WebElement input = element("token");
        input.clear();
        input.sendKeys(token);
        element("connect").click();
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, PATIENCE);
    }

    private static WebElement element(String id) {
        return browser.findElement(By.id(id));
    }

    private static String text(String id) {
        return element(id).getText().strip();
    }

    private static List<String> severeConsoleMessages() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }
}
