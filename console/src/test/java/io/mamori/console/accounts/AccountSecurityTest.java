package io.mamori.console.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.MutableClock;
import io.mamori.console.testing.OtherAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sign-in, roles, CSRF, lock-out, TOTP and session limits over real HTTPS, on both databases. */
class AccountSecurityTest {

    private static final String UNKNOWN = UUID.randomUUID().toString();

    /** One call and the status it gets for each role; a 404 shows that authorization let it through. */
    private record Call(String method, String path, Object body, int admin, int reviewer, int auditor) {
    }

    private static List<Call> calls() {
        return List.of(
                new Call("GET", "/api/admin/agents", null, 200, 200, 200),
                new Call("GET", "/api/admin/events", null, 200, 200, 200),
                new Call("GET", "/api/admin/events/export.csv", null, 200, 200, 200),
                new Call("GET", "/api/admin/reviews", null, 200, 200, 200),
                new Call("GET", "/api/admin/policies", null, 200, 200, 200),
                new Call("GET", "/api/admin/audit", null, 200, 403, 200),
                new Call("GET", "/api/admin/keys", null, 200, 403, 200),
                new Call("GET", "/api/admin/accounts", null, 200, 403, 403),
                new Call("GET", "/api/admin/enrollment-tokens", null, 200, 403, 403),
                new Call("POST", "/api/admin/reviews/" + UNKNOWN + "/approve", Map.of(), 404, 404, 403),
                new Call("POST", "/api/admin/reviews/" + UNKNOWN + "/deny", Map.of(), 404, 404, 403),
                new Call("POST", "/api/admin/exceptions/" + UNKNOWN + "/revoke", null, 404, 404, 403),
                new Call("PUT", "/api/admin/agents/" + UNKNOWN + "/group", Map.of("groupId", "default"), 404, 403, 403),
                new Call("POST", "/api/admin/agents/" + UNKNOWN + "/revoke", null, 404, 403, 403),
                new Call("PUT", "/api/admin/policies/default", Map.of("baseVersion", 0, "policy", Map.of()), 409, 403, 403),
                new Call("POST", "/api/admin/accounts/" + UNKNOWN + "/unlock", null, 404, 403, 403),
                new Call("PATCH", "/api/admin/groups/" + "no-such-group", Map.of(), 404, 403, 403));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void everyRoleGetsWhatItMayAndNothingElse(Db db) {
        ConsoleFixture console = db.console();
        ApiClient admin = console.admin().client();
        ApiClient reviewer = console.person("REVIEWER").client();
        ApiClient auditor = console.person("AUDITOR").client();
        ApiClient nobody = console.client();

        for (Call call : calls()) {
            assertThat(admin.send(call.method(), call.path(), call.body(), Map.of()).status())
                    .as("admin " + call.method() + " " + call.path()).isEqualTo(call.admin());
            assertThat(reviewer.send(call.method(), call.path(), call.body(), Map.of()).status())
                    .as("reviewer " + call.method() + " " + call.path()).isEqualTo(call.reviewer());
            assertThat(auditor.send(call.method(), call.path(), call.body(), Map.of()).status())
                    .as("auditor " + call.method() + " " + call.path()).isEqualTo(call.auditor());
            assertThat(nobody.send(call.method(), call.path(), call.body(), Map.of()).status())
                    .as("signed out " + call.method() + " " + call.path()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aSessionStillOnItsOneTimePasswordCanOnlyChangeIt(Db db) {
        ConsoleFixture console = db.console();
        ApiClient.Response created = console.admin().client().post("/api/admin/accounts",
                Map.of("username", "new-" + System.nanoTime(), "role", "ADMIN"));
        ApiClient fresh = console.client();
        fresh.post("/api/admin/session", Map.of("username", created.json().path("account").path("username").asText(),
                "password", created.json().get("oneTimePassword").asText()));

        assertThat(fresh.get("/api/admin/me").json().get("stage").asText()).isEqualTo("PASSWORD_CHANGE");
        assertThat(fresh.get("/api/admin/agents").status()).isEqualTo(403);
        assertThat(fresh.post("/api/admin/enrollment-tokens", Map.of()).status()).isEqualTo(403);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void stateChangingCallsNeedTheSessionsCsrfTokenAndTheConsolesOrigin(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Person admin = console.admin();
        ApiClient withoutToken = console.client();
        withoutToken.useSession(admin.client().sessionCookie(), null);
        ApiClient wrongToken = console.client();
        wrongToken.useSession(admin.client().sessionCookie(), "x".repeat(43));
        ApiClient crossSite = console.client();
        crossSite.useSession(admin.client().sessionCookie(), admin.client().csrf());
        crossSite.header("Origin", "https://evil.example");
        Map<String, Object> token = Map.of("groupId", "default");

        ApiClient.Response missing = withoutToken.post("/api/admin/enrollment-tokens", token);
        ApiClient.Response wrong = wrongToken.post("/api/admin/enrollment-tokens", token);
        ApiClient.Response foreign = crossSite.post("/api/admin/enrollment-tokens", token);
        ApiClient.Response signInFromElsewhere = console.client().header("Origin", "https://evil.example")
                .post("/api/admin/session", Map.of("username", "admin", "password", admin.password()));

        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.json().get("code").asText()).isEqualTo("CSRF");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("code").asText()).isIn("CROSS_SITE", "FORBIDDEN");
        assertThat(signInFromElsewhere.status()).isEqualTo(403);
        assertThat(withoutToken.get("/api/admin/agents").status()).isEqualTo(200);
        assertThat(admin.client().header("Origin", admin.client().baseUrl())
                .post("/api/admin/enrollment-tokens", token).status()).isEqualTo(201);
    }

    private static String json(String username, String password) {
        return io.mamori.protocol.json.ProtocolJson.write(Map.of("username", username, "password", password));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aStrangersFailedSignInsNeitherEndTheAdministratorsSessionNorHoldUpTheirOwnBrowser(Db db) {
        MutableClock clock = new MutableClock(Instant.now());
        try (ConsoleFixture console = ConsoleFixture.start(db, Map.of(), clock)) {
            ConsoleFixture.Person admin = console.admin(); // signed in from 127.0.0.1; this browser is now known
            OtherAddress stranger = new OtherAddress(console, "127.0.0.2");
            for (int i = 0; i < 25; i++) { // five every fifteen minutes used to lock the account for good
                if (i > 0 && i % 5 == 0) {
                    clock.advance(Duration.ofMinutes(15));
                    admin.client().get("/api/admin/me"); // the administrator at work: the session stays within its idle limit
                }
                stranger.post("/api/admin/session", json("admin", "a-guess-" + i));
            }

            assertThat(admin.client().get("/api/admin/events").status()).as("the administrator's session goes on").isEqualTo(200);
            ApiClient sameBrowser = admin.client().sameBrowser();
            ApiClient.Response again = sameBrowser.post("/api/admin/session", Map.of("username", "admin", "password", admin.password()));
            assertThat(again.status()).as("the administrator's own browser is not held up: " + again).isEqualTo(200);
            ApiClient.Response elsewhere = new OtherAddress(console, "127.0.0.3").post("/api/admin/session",
                    json("admin", admin.password()));
            assertThat(elsewhere.status()).as("a browser never signed in from waits: " + elsewhere).isEqualTo(429);
            assertThat(elsewhere.json().get("code").asText()).isEqualTo("SIGN_IN_THROTTLED");
            assertThat(elsewhere.header("Retry-After")).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void failuresHoldUpSignInsFromUnknownBrowsersLongerEachTimeUntilTheyExpireOrAreUnlocked(Db db) {
        MutableClock clock = new MutableClock(Instant.now());
        try (ConsoleFixture console = ConsoleFixture.start(db, Map.of(), clock)) {
            ConsoleFixture.Person person = console.person("REVIEWER");
            OtherAddress guesser = new OtherAddress(console, "127.0.0.2");
            OtherAddress newBrowser = new OtherAddress(console, "127.0.0.3");
            for (int i = 0; i < 5; i++) {
                assertThat(guesser.post("/api/admin/session", json(person.username(), "not-the-password-" + i)).status())
                        .isEqualTo(401);
            }

            ApiClient.Response held = newBrowser.post("/api/admin/session", json(person.username(), person.password()));

            assertThat(held.status()).isEqualTo(429);
            assertThat(held.json().get("code").asText()).isEqualTo("SIGN_IN_THROTTLED");
            assertThat(Long.parseLong(held.header("Retry-After").orElseThrow())).isBetween(1L, 61L);
            assertThat(person.client().get("/api/admin/events").status()).as("no session ends").isEqualTo(200);
            assertThat(console.admin().client().get("/api/admin/accounts/" + person.id()).json().has("lockedUntil")).isTrue();
            assertThat(console.admin().client().get("/api/admin/audit?action=account.locked").json().get("items")).hasSize(1);

            clock.advance(Duration.ofSeconds(61));
            guesser.post("/api/admin/session", json(person.username(), "not-the-password-6"));
            ApiClient.Response longer = newBrowser.post("/api/admin/session", json(person.username(), person.password()));
            assertThat(longer.status()).isEqualTo(429);
            assertThat(Long.parseLong(longer.header("Retry-After").orElseThrow())).as("the wait doubles: " + longer).isBetween(62L, 121L);

            clock.advance(Duration.ofMinutes(15).plusSeconds(1));
            assertThat(newBrowser.post("/api/admin/session", json(person.username(), person.password())).status())
                    .as("never for good").isEqualTo(200);

            OtherAddress anotherGuesser = new OtherAddress(console, "127.0.0.5"); // the first one's address is held up by now
            for (int i = 0; i < 5; i++) {
                anotherGuesser.post("/api/admin/session", json(person.username(), "not-the-password-again-" + i));
            }
            assertThat(newBrowser.post("/api/admin/session", json(person.username(), person.password())).status()).isEqualTo(429);
            assertThat(console.admin().client().post("/api/admin/accounts/" + person.id() + "/unlock", null).status())
                    .isEqualTo(200);
            assertThat(newBrowser.post("/api/admin/session", json(person.username(), person.password())).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anAddressThatKeepsFailingIsHeldUpBeforeAnyPasswordIsCheckedOrRecorded(Db db) {
        MutableClock clock = new MutableClock(Instant.now());
        try (ConsoleFixture console = ConsoleFixture.start(db, Map.of(), clock)) {
            OtherAddress sprayer = new OtherAddress(console, "127.0.0.4");
            for (int i = 0; i < 10; i++) { // ten names, one guess each: no one account is held up
                assertThat(sprayer.post("/api/admin/session", json("someone-" + i, "Spring2026!")).status()).isEqualTo(401);
            }
            for (int i = 0; i < 5; i++) {
                ApiClient.Response held = sprayer.post("/api/admin/session", json("another-" + i, "Spring2026!"));
                assertThat(held.status()).isEqualTo(429);
                assertThat(held.json().get("code").asText()).isEqualTo("SIGN_IN_THROTTLED");
            }
            JsonNode failures = console.admin().client().get("/api/admin/audit?action=signin.failed&limit=100").json().get("items");
            long fromSprayer = 0;
            for (JsonNode entry : failures) {
                if ("127.0.0.4".equals(entry.path("client").asText())) {
                    fromSprayer++;
                }
            }
            assertThat(fromSprayer).as("attempts refused while held up are neither checked nor written").isEqualTo(10);
            assertThat(console.client().post("/api/admin/session", Map.of("username", "admin", "password", "x")).status())
                    .as("another address is not held up").isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void anUnknownUserAndAWrongPasswordLookTheSame(Db db) {
        ConsoleFixture console = db.console();

        ApiClient.Response unknown = console.client().post("/api/admin/session",
                Map.of("username", "nobody-" + System.nanoTime(), "password", "whatever-password"));
        ApiClient.Response wrong = console.client().post("/api/admin/session",
                Map.of("username", "admin", "password", "whatever-password"));

        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.text()).isEqualTo(wrong.text());
        assertThat(console.admin().client().get("/api/admin/me").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aSecondFactorIsEnrolledThenRequiredAndItsCodesWorkOnce(Db db) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
        try (ConsoleFixture console = ConsoleFixture.start(db, Map.of(), clock)) {
            ConsoleFixture.Person person = console.person("AUDITOR");
            JsonNode enrolment = person.client().post("/api/admin/me/second-factor", null).json();
            String secret = enrolment.get("secret").asText();
            assertThat(enrolment.get("otpauthUri").asText()).startsWith("otpauth://totp/Mamori:").contains("secret=" + secret);

            assertThat(person.client().post("/api/admin/me/second-factor/confirm", Map.of("code", "000000")).status())
                    .isEqualTo(400);
            JsonNode confirmed = person.client().post("/api/admin/me/second-factor/confirm",
                    Map.of("code", Totp.code(secret, Totp.stepAt(clock.instant())))).json();
            List<String> recovery = List.of(confirmed.get("recoveryCodes").get(0).asText(), confirmed.get("recoveryCodes").get(1).asText());
            assertThat(confirmed.get("recoveryCodes")).hasSize(10);

            ApiClient browser = console.client();
            JsonNode afterPassword = browser.post("/api/admin/session",
                    Map.of("username", person.username(), "password", person.password())).json();
            assertThat(afterPassword.get("stage").asText()).isEqualTo("SECOND_FACTOR");
            assertThat(browser.get("/api/admin/events").status()).isEqualTo(403);

            String replayed = Totp.code(secret, Totp.stepAt(clock.instant()));
            assertThat(browser.post("/api/admin/session/second-factor", Map.of("code", replayed)).status())
                    .as("the code used to confirm cannot be used again").isEqualTo(401);
            clock.advance(Duration.ofSeconds(30));
            ApiClient.Response secondFactor = browser.post("/api/admin/session/second-factor",
                    Map.of("code", Totp.code(secret, Totp.stepAt(clock.instant()))));
            assertThat(secondFactor.json().get("stage").asText()).isEqualTo("ACTIVE");
            assertThat(browser.get("/api/admin/events").status()).isEqualTo(200);

            ApiClient lostPhone = console.client();
            lostPhone.post("/api/admin/session", Map.of("username", person.username(), "password", person.password()));
            assertThat(lostPhone.post("/api/admin/session/second-factor", Map.of("recoveryCode", recovery.get(0).toUpperCase()))
                    .json().get("stage").asText()).isEqualTo("ACTIVE");
            ApiClient again = console.client();
            again.post("/api/admin/session", Map.of("username", person.username(), "password", person.password()));
            assertThat(again.post("/api/admin/session/second-factor", Map.of("recoveryCode", recovery.get(0))).status())
                    .as("a recovery code works once").isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void aCopyOfTheDatabaseGivesAwayNoRecoveryCode(Db db) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
        try (ConsoleFixture console = ConsoleFixture.start(db, Map.of(), clock)) {
            ConsoleFixture.Person person = console.person("AUDITOR");
            String secret = person.client().post("/api/admin/me/second-factor", null).json().get("secret").asText();
            JsonNode codes = person.client().post("/api/admin/me/second-factor/confirm",
                    Map.of("code", Totp.code(secret, Totp.stepAt(clock.instant())))).json().get("recoveryCodes");
            List<List<String>> stored = console.bean(io.mamori.console.storage.Database.class).read(c -> {
                List<List<String>> rows = new java.util.ArrayList<>();
                try (var select = c.prepareStatement("SELECT code_hash, secret_hash FROM recovery_code WHERE account_id = ?")) {
                    select.setString(1, person.id());
                    try (var row = select.executeQuery()) {
                        while (row.next()) {
                            rows.add(java.util.Arrays.asList(row.getString(1), row.getString(2)));
                        }
                    }
                }
                return rows;
            });

            assertThat(stored).hasSize(10);
            for (JsonNode code : codes) {
                String normal = code.asText().replace("-", "");
                assertThat(normal).as("about 99 bits").hasSize(20);
                String unsaltedHash = io.mamori.console.keys.Secrets.sha256Hex(normal);
                for (List<String> row : stored) {
                    assertThat(row).doesNotContain(unsaltedHash, normal, normal.substring(5));
                }
            }
            assertThat(stored).allSatisfy(row -> {
                assertThat(row.get(0)).hasSize(5); // the code's id: its first group, not a secret
                assertThat(row.get(1)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            });
            assertThat(stored.stream().map(row -> row.get(1)).distinct()).as("each hash salted").hasSize(10);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void sessionsEndWhenIdleAndAtTheirAbsoluteLimit(Db db) {
        MutableClock clock = new MutableClock(Instant.now());
        try (ConsoleFixture console = ConsoleFixture.start(db, Map.of(), clock)) {
            ConsoleFixture.Person idle = console.person("AUDITOR");

            clock.advance(Duration.ofMinutes(29));
            assertThat(idle.client().get("/api/admin/me").status()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(31));
            assertThat(idle.client().get("/api/admin/me").status()).as("idle for 31 minutes").isEqualTo(401);

            ConsoleFixture.Person busy = console.person("AUDITOR");
            for (int quarter = 1; quarter <= 47; quarter++) {
                clock.advance(Duration.ofMinutes(15));
                assertThat(busy.client().get("/api/admin/me").status()).as("%d minutes after signing in", quarter * 15)
                        .isEqualTo(200);
            }
            clock.advance(Duration.ofMinutes(16));
            assertThat(busy.client().get("/api/admin/me").status()).as("12 hours after signing in").isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void changingThePasswordEndsOtherSessionsAndSigningOutEndsThisOne(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Person person = console.person("AUDITOR");
        ApiClient elsewhere = console.signIn(person.username(), person.password());

        ApiClient.Response changed = person.client().post("/api/admin/me/password",
                Map.of("currentPassword", person.password(), "newPassword", "another long passphrase 42"));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(elsewhere.get("/api/admin/me").status()).isEqualTo(401);
        assertThat(person.client().get("/api/admin/me").status()).isEqualTo(200);
        assertThat(person.client().delete("/api/admin/session").status()).isEqualTo(204);
        assertThat(person.client().get("/api/admin/me").status()).isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void weakPasswordsAreRefusedWithTheReason(Db db) {
        ConsoleFixture console = db.console();
        ConsoleFixture.Person person = console.person("AUDITOR");

        ApiClient.Response shortOne = person.client().post("/api/admin/me/password",
                Map.of("currentPassword", person.password(), "newPassword", "short"));
        ApiClient.Response withName = person.client().post("/api/admin/me/password",
                Map.of("currentPassword", person.password(), "newPassword", person.username() + "-is-long-enough"));

        assertThat(shortOne.status()).isEqualTo(400);
        assertThat(shortOne.json().get("field").asText()).isEqualTo("newPassword");
        assertThat(shortOne.json().get("message").asText()).contains("12");
        assertThat(withName.status()).isEqualTo(400);
        assertThat(console.signIn(person.username(), person.password()).get("/api/admin/me").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void theLastAdministratorCannotBeDemotedOrDisabled(Db db) {
        try (ConsoleFixture console = ConsoleFixture.start(db, Map.of(), null)) {
            ConsoleFixture.Person admin = console.admin();

            ApiClient.Response demote = admin.client().patch("/api/admin/accounts/" + admin.id(), Map.of("role", "AUDITOR"));
            ApiClient.Response disable = admin.client().post("/api/admin/accounts/" + admin.id() + "/disable", null);

            assertThat(demote.status()).isEqualTo(409);
            assertThat(disable.status()).isEqualTo(409);
            assertThat(admin.client().get("/api/admin/accounts").status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void answersCarrySecurityHeaders(Db db) {
        ConsoleFixture console = db.console();

        for (ApiClient.Response response : List.of(console.client().get("/api/admin/me"), console.admin().client().get("/api/admin/me"))) {
            assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
            assertThat(response.header("X-Frame-Options")).contains("DENY");
            assertThat(response.header("Strict-Transport-Security")).isPresent();
            assertThat(response.header("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
            assertThat(response.header("Cache-Control")).contains("no-store");
        }
        String cookie = console.client().post("/api/admin/session",
                Map.of("username", "admin", "password", console.admin().password())).header("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HTTPOnly").contains("Secure").contains("SameSite=Strict");
    }
}
