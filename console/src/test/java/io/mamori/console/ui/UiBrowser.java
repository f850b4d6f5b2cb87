package io.mamori.console.ui;

import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the web UI's end-to-end tests: Debian's Chromium, headless, driven through
 * its chromedriver, talking HTTPS to a test console (its self-signed certificate accepted), with
 * the browser's language set as a person's would be. Screenshots go to
 * {@code -Dmamori.screenshots=DIR} (docs/images when refreshing the pictures) or
 * {@code target/screenshots}.
 */
public final class UiBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final String base;
    private final String language;

    private UiBrowser(ChromeDriver driver, String base, String language) {
        this.driver = driver;
        this.base = base;
        this.language = language;
    }

    /** A browser whose person reads {@code language} ("ja" or "en"). Skipped without Chromium, except under CI. */
    public static UiBrowser open(ConsoleFixture console, String language) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but Chromium is missing: .ci/run installs the Debian packages"
                        + " 'chromium' and 'chromium-driver' (see .ci/test-packages)");
            }
            Assumptions.abort("Chromium and chromedriver are not installed (Debian: chromium chromium-driver)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,900", "--lang=" + (language.equals("ja") ? "ja-JP" : "en-US"), "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--disable-sync", "--hide-scrollbars");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language.equals("ja") ? "ja,en" : "en-US,en"));
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withSilent(true).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new UiBrowser(driver, console.client().baseUrl(), language);
    }

    public WebDriver driver() {
        return driver;
    }

    public String language() {
        return language;
    }

    public UiBrowser go(String path) {
        driver.get(base + path);
        return this;
    }

    /** Signs the browser in with a session made through the API (for tests that are not about signing in). */
    public UiBrowser useSession(ApiClient client) {
        go("/ui/static/mamori.css");
        driver.manage().addCookie(new Cookie.Builder("mamori_session", client.sessionCookie()).path("/").isHttpOnly(true)
                .isSecure(true).build());
        return this;
    }

    public String path() {
        String url = driver.getCurrentUrl();
        return url.substring(base.length());
    }

    public WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public UiBrowser type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    /** Clicks and waits for the page that follows to load. */
    /**
     * Clicks; when the element submits a form or follows a link, waits until the old page is gone
     * (at most a few seconds: a script may keep the page) and the new one has loaded, so that what
     * is read next is read from the new page.
     */
    public UiBrowser click(String css) {
        WebElement element = find(css);
        boolean navigates = navigates(element);
        WebElement page = navigates ? find("html") : null;
        element.click();
        if (navigates) {
            try {
                awaitGone(page, Duration.ofSeconds(5));
            } catch (org.openqa.selenium.TimeoutException e) {
                // the page stayed (a script handled the click): nothing to wait for
            }
        }
        waitForLoad();
        return this;
    }

    /**
     * Until an element of the old page is gone. Chromium says so with a stale-element error, or
     * (newer versions) with "Node … does not belong to the document"; either means gone.
     */
    private void awaitGone(WebElement element, Duration limit) {
        new WebDriverWait(driver, limit).until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException e) {
                return true;
            }
        });
    }

    private static boolean navigates(WebElement element) {
        String tag = element.getTagName().toLowerCase(java.util.Locale.ROOT);
        String type = String.valueOf(element.getAttribute("type")).toLowerCase(java.util.Locale.ROOT);
        String href = element.getAttribute("href");
        return tag.equals("a") && href != null && !href.contains("#") && !href.startsWith("javascript")
                || (tag.equals("button") || tag.equals("input")) && type.equals("submit");
    }

    /**
     * Clicks what submits a form or follows a link and waits for the new page: until the old page
     * is gone, then until the new one has loaded (a plain {@link #click} may read the old page's
     * elements while the new one is on its way).
     */
    public UiBrowser clickAndLoad(String css) {
        WebElement page = find("html");
        find(css).click();
        awaitGone(page, Duration.ofSeconds(30));
        return waitForLoad();
    }

    public UiBrowser waitForLoad() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "complete".equals(
                ((ChromeDriver) d).executeScript("return document.readyState")));
        return this;
    }

    public UiBrowser waitForPath(String prefix) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> path().startsWith(prefix));
        return waitForLoad();
    }

    public String title() {
        return driver.getTitle();
    }

    public String pageText() {
        return find("body").getText();
    }

    /** A picture of the whole page as {@code <name>-<language>.png}. */
    public Path screenshot(String name) {
        Path folder = Path.of(System.getProperty("mamori.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(name + "-" + language + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
