package io.mamori.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What is done on the console's host: recovering a locked-out administrator, rotating the key, the fingerprint. */
class ConsoleCommandLineTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new ConsoleApplication());
        commandLine.setOut(new PrintWriter(out));
        int status = commandLine.execute(args);
        assertThat(status).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void resetPasswordGivesALockedOutAdministratorAWayBackIn() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            ConsoleFixture.Person admin = console.admin();
            for (int i = 0; i < 5; i++) {
                console.client().post("/api/admin/session", Map.of("username", "admin", "password", "wrong password!!"));
            }
            assertThat(console.client().post("/api/admin/session", Map.of("username", "admin", "password", admin.password()))
                    .json().get("code").asText()).as("a browser the administrator never signed in from waits")
                    .isEqualTo("SIGN_IN_THROTTLED");

            String output = run("reset-password", "--data-dir", console.dataDir().toString(), "admin");

            Matcher password = Pattern.compile("([a-z0-9]{4}(-[a-z0-9]{4}){4})").matcher(output);
            assertThat(password.find()).as(output).isTrue();
            assertThat(console.client().post("/api/admin/session", Map.of("username", "admin", "password", password.group(1)))
                    .json().get("stage").asText()).isEqualTo("PASSWORD_CHANGE");
        }
    }

    @Test
    void rotateKeyMakesANewCurrentKeyAndFingerprintPrintsTheCertificates() {
        try (ConsoleFixture console = ConsoleFixture.start(Db.SQLITE, Map.of(), null)) {
            String before = console.bean(io.mamori.console.keys.PolicyKeys.class).currentKeyId();

            run("rotate-key", "--data-dir", console.dataDir().toString());

            assertThat(console.bean(io.mamori.console.keys.PolicyKeys.class).currentKeyId()).isNotEqualTo(before);
            assertThat(run("fingerprint", "--data-dir", console.dataDir().toString()).strip())
                    .isEqualTo(console.tls().fingerprint());
        }
    }
}
