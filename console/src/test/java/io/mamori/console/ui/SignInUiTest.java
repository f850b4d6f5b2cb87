package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.accounts.Totp;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signing in through a real browser: password, authenticator code, first sign-in, language, signing out. */
class SignInUiTest {

    @Test
    void signsInWithPasswordAndAuthenticatorCodeInJapaneseAndSwitchesLanguage() {
        ConsoleFixture console = Db.SQLITE.console();
        ConsoleFixture.Person admin = console.person("ADMIN");
        String secret = admin.client().post("/api/admin/me/second-factor", null).json().get("secret").asText();
        JsonNode confirmed = admin.client().post("/api/admin/me/second-factor/confirm",
                Map.of("code", Totp.code(secret, Totp.stepAt(Instant.now())))).json();
        assertThat(confirmed.get("recoveryCodes")).hasSize(10);

        try (UiBrowser browser = UiBrowser.open(console, "ja")) {
            browser.go("/ui/dashboard").waitForPath("/ui/sign-in");
            assertThat(browser.title()).contains("Mamori にサインイン");
            browser.screenshot("ui-sign-in");

            browser.type("#username", admin.username()).type("#password", "wrong-" + admin.password()).click("#sign-in");
            assertThat(browser.text(".error")).contains("ユーザー名またはパスワードが違う");
            assertThat(browser.find("#username").getAttribute("value")).isEqualTo(admin.username());

            browser.type("#password", admin.password()).click("#sign-in").waitForPath("/ui/sign-in/code");
            assertThat(browser.pageText()).contains("認証アプリに表示されている");
            browser.type("#code", "000000").click("#verify");
            assertThat(browser.text(".error")).contains("コードが違います");
            browser.screenshot("ui-sign-in-code");

            // the code of the next 30-second step (the one used to confirm the app cannot be used again)
            browser.type("#code", Totp.code(secret, Totp.stepAt(Instant.now()) + 1)).click("#verify").waitForPath("/ui/dashboard");
            assertThat(browser.text("nav.main")).contains("ダッシュボード", "レビュー待ち", "イベント", "端末一覧", "ポリシー");
            assertThat(browser.text(".who")).contains(admin.username(), "管理者");

            browser.click("#language-switch").waitForPath("/ui/dashboard");
            assertThat(browser.text("nav.main")).contains("Dashboard", "Review queue", "Events", "Fleet", "Policy");
            assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
            browser.click("#language-switch").waitForPath("/ui/dashboard");
            assertThat(browser.text("nav.main")).contains("レビュー待ち");

            browser.click("#sign-out").waitForPath("/ui/sign-in");
            browser.go("/ui/events").waitForPath("/ui/sign-in");
            assertThat(console.bean(io.mamori.console.audit.AuditTrail.class)).isNotNull();
        }
        JsonNode audit = console.admin().client().get("/api/admin/audit?limit=50").json();
        assertThat(audit.toString()).contains("\"signin\"", "\"signout\"", admin.username());
    }

    @Test
    void firstSignInSetsAPasswordAndAnAuthenticatorAppWhereTheConsoleRequiresOne() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of("mamori.console.require-second-factor", true), null);
                UiBrowser browser = UiBrowser.open(console, "en")) {
            browser.go("/ui").waitForPath("/ui/sign-in");
            assertThat(browser.title()).contains("Sign in to Mamori");
            browser.screenshot("ui-sign-in");
            browser.type("#username", "admin").type("#password", console.firstRunPassword()).click("#sign-in")
                    .waitForPath("/ui/sign-in/password");
            String password = "Correct-Horse-" + Long.toHexString(System.nanoTime());
            browser.type("#current-password", console.firstRunPassword()).type("#new-password", password)
                    .type("#repeat-password", password + "x").clickAndLoad("#change-password");
            assertThat(browser.text(".error")).contains("The two new passwords differ");
            browser.type("#current-password", console.firstRunPassword()).type("#new-password", password)
                    .type("#repeat-password", password).click("#change-password").waitForPath("/ui/sign-in/setup");

            browser.go("/ui/events").waitForPath("/ui/sign-in/setup"); // nothing else opens before the app is set up
            browser.clickAndLoad("#begin-setup");
            String secret = browser.text("#totp-secret").replace(" ", "");
            assertThat(browser.find("#otpauth").getAttribute("href")).startsWith("otpauth://totp/").contains("secret=" + secret);
            Path picture = browser.screenshot("ui-authenticator-setup");
            assertThat(qrCodeIn(picture)).as("the QR code, read back from what the browser drew")
                    .isEqualTo(browser.find("#otpauth").getAttribute("href"));
            browser.type("#code", Totp.code(secret, Totp.stepAt(Instant.now()))).clickAndLoad("#confirm-setup");
            assertThat(browser.all("#recovery-codes li")).hasSize(10);
            browser.click("#continue").waitForPath("/ui/dashboard");
            assertThat(browser.text("h1")).isEqualTo("Dashboard");
        }
    }

    /** Reads the QR code in a screenshot, as a phone's camera would (ZXing). */
    private static String qrCodeIn(Path picture) {
        try {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(picture.toFile());
            com.google.zxing.BinaryBitmap bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
                    new com.google.zxing.client.j2se.BufferedImageLuminanceSource(image)));
            return new com.google.zxing.qrcode.QRCodeReader().decode(bitmap,
                    Map.of(com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (Exception e) {
            throw new AssertionError("no QR code could be read in " + picture + ": " + e, e);
        }
    }
}
