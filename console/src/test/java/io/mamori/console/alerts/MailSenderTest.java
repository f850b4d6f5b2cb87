package io.mamori.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.console.testing.TestSmtpServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert e-mail is sent over STARTTLS or not at all, to a server whose certificate is trusted. */
class MailSenderTest {

    @TempDir
    Path dir;

    private static AlertSettings settings(int port, Path trusted) {
        AlertSettings settings = new AlertSettings();
        settings.setSmtpHost("localhost");
        settings.setSmtpPort(port);
        settings.setSmtpFrom("mamori@example.jp");
        settings.setSmtpTrustedCertificates(trusted);
        settings.setSmtpTimeout(java.time.Duration.ofSeconds(10));
        return settings;
    }

    @Test
    void aServerWithStartTlsReceivesTheMessageInJapaneseAndEnglish() throws Exception {
        try (TestSmtpServer smtp = new TestSmtpServer(dir, true)) {
            new MailSender(settings(smtp.port(), smtp.certificatePem())).send("security@example.jp", "[Mamori] 大量コピー / Bulk copy",
                    "本文\n\nbody");
            assertThat(smtp.received).hasSize(1);
            assertThat(smtp.received.get(0).subject()).isEqualTo("[Mamori] 大量コピー / Bulk copy");
            assertThat(smtp.received.get(0).text()).contains("本文").contains("body");
            assertThat(smtp.received.get(0).message().getHeader("Auto-Submitted")).containsExactly("auto-generated");
        }
    }

    @Test
    void aServerWithoutStartTlsGetsNothing() throws Exception {
        try (TestSmtpServer plain = new TestSmtpServer(dir, false)) {
            assertThatThrownBy(() -> new MailSender(settings(plain.port(), plain.certificatePem())).send("security@example.jp", "s", "b"))
                    .isInstanceOf(IOException.class).hasMessageContaining("STARTTLS");
            assertThat(plain.received).isEmpty();
        }
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedGetsNothing() throws Exception {
        try (TestSmtpServer smtp = new TestSmtpServer(dir.resolve("one"), true);
                TestSmtpServer other = new TestSmtpServer(dir.resolve("two"), true)) {
            assertThatThrownBy(() -> new MailSender(settings(smtp.port(), other.certificatePem())).send("security@example.jp", "s", "b"))
                    .isInstanceOf(IOException.class);
            assertThat(smtp.received).isEmpty();
        }
    }

    @Test
    void withoutAnSmtpServerSetTheReasonSaysWhatToSet() {
        assertThatThrownBy(() -> new MailSender(new AlertSettings()).send("a@example.jp", "s", "b"))
                .hasMessageContaining("mamori.console.alerts.smtp-host");
    }
}
