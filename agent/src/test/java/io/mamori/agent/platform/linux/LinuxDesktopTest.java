package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.NoticeTexts;
import io.mamori.agent.notify.Session;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.policy.LocalizedText;
import io.mamori.protocol.policy.OverrideReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the Linux desktop notifier that need no desktop (the rest: DesktopPromptTest under Xvfb). */
class LinuxDesktopTest {

    private static final List<OverrideReason> REASONS = List.of(
            new OverrideReason("business", new LocalizedText("業務上必要", "Required for my work"), false),
            new OverrideReason("other", new LocalizedText("その他（理由を記入）", "Other (give the reason)"), true));
    private static final Session JAPANESE = new Session(1000, 1000, "tanaka", Path.of("/home/tanaka"),
            Map.of("LANG", "ja_JP.UTF-8", "DISPLAY", ":0"));
    private static final NoticeTexts TEXTS = new NoticeTexts(Map.of());

    @Test
    void aTextIsQuotedForGdbusSoThatQuotesBackslashesAndNewLinesStayText() {
        assertThat(LinuxDesktop.variant("SanDisk \"Cruzer\" C:\\tmp\nnext\tline"))
                .isEqualTo("\"SanDisk \\\"Cruzer\\\" C:\\\\tmp\\nnext\\tline\"");
        assertThat(LinuxDesktop.variant("マイナンバー 3 件")).isEqualTo("\"マイナンバー 3 件\"");
        assertThat(LinuxDesktop.variant("bell\u0007")).isEqualTo("\"bell\\u0007\"");
    }

    @Test
    void anAnswerIsTakenOnlyWithAReasonOfferedAndAnExplanationWhereOneIsRequired() {
        assertThat(LinuxDesktop.problem(Map.of(Prompt.OUTCOME, Prompt.CANCELLED), REASONS, TEXTS, JAPANESE)).isEmpty();
        assertThat(LinuxDesktop.problem(Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "business"), REASONS, TEXTS,
                JAPANESE)).isEmpty();
        assertThat(LinuxDesktop.problem(Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "other",
                Prompt.REASON_TEXT, "顧客への提出"), REASONS, TEXTS, JAPANESE)).isEmpty();

        assertThat(LinuxDesktop.problem(Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "other",
                Prompt.REASON_TEXT, "   "), REASONS, TEXTS, JAPANESE)).hasValue(TEXTS.template("dialog.explanation.required",
                Locale.JAPANESE));
        assertThat(LinuxDesktop.problem(Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "made-up"), REASONS, TEXTS,
                JAPANESE)).hasValue(TEXTS.template("dialog.reason.unknown", Locale.JAPANESE));
        assertThat(LinuxDesktop.problem(Map.of(Prompt.OUTCOME, Prompt.CONTINUED), REASONS, TEXTS, JAPANESE)).isPresent();
        assertThat(LinuxDesktop.problem(Map.of(Prompt.OUTCOME, Prompt.CONTINUED, Prompt.REASON_ID, "business",
                Prompt.REASON_TEXT, "x".repeat(2001)), REASONS, TEXTS, JAPANESE)).as("too long").isPresent();
        assertThat(LinuxDesktop.problem(Map.of(Prompt.OUTCOME, "RELEASE_EVERYTHING"), REASONS, TEXTS, JAPANESE)).isPresent();
        assertThat(LinuxDesktop.problem(Map.of(), REASONS, TEXTS, JAPANESE)).isPresent();
    }

    @Test
    void theSessionsLanguageChoosesTheTexts() {
        assertThat(JAPANESE.locale()).isEqualTo(Locale.JAPANESE);
        assertThat(new Session(1, 1, "a", Path.of("/"), Map.of("LANG", "en_GB.UTF-8")).locale()).isEqualTo(Locale.ENGLISH);
        assertThat(new Session(1, 1, "a", Path.of("/"), Map.of("LANG", "en_US.UTF-8", "LC_MESSAGES", "ja_JP.UTF-8")).locale())
                .as("LC_MESSAGES is the language of messages").isEqualTo(Locale.JAPANESE);
        assertThat(new Session(1, 1, "a", Path.of("/"), Map.of("LANG", "ja_JP.UTF-8", "LC_ALL", "C")).locale())
                .isEqualTo(Locale.ENGLISH);
        assertThat(new Session(1, 1, "a", Path.of("/"), Map.of()).locale()).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void aSocketFolderOthersCanWriteToIsRefusedAndTheHeldCopyStaysBlocked(@TempDir Path dir) throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        long me = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
        Session mine = new Session(me, me, System.getProperty("user.name"), dir, Map.of("DISPLAY", ":99", "LANG", "ja_JP.UTF-8"));
        try (LinuxDesktop desktop = new LinuxDesktop(() -> List.of(mine), Map::of, shared, Clock.systemUTC())) {
            Answer answer = desktop.ask(new HeldCopy(UUID.randomUUID(), new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583",
                    "SN-1", "SanDisk", "Cruzer", null, null, 0), List.of("a.txt"), Map.of(), REASONS,
                    Instant.now().plusSeconds(60), me)).toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(answer.outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
            assertThat(answer.detail()).contains("must be the agent's own and writable by it alone");
            try (var left = Files.list(shared)) {
                assertThat(left).as("no socket was made there").isEmpty();
            }
        }
    }

    @Test
    void withNobodyAtTheScreenTheHeldCopyIsAnsweredNoSessionAtOnce(@TempDir Path dir) throws Exception {
        try (LinuxDesktop desktop = new LinuxDesktop(List::of, Map::of, dir.resolve("sockets"), Clock.systemUTC())) {
            Answer answer = desktop.ask(new HeldCopy(UUID.randomUUID(), new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583",
                    "SN-1", "SanDisk", "Cruzer", null, null, 0), List.of("a.txt"), Map.of(), REASONS,
                    Instant.now().plusSeconds(60), 1000L)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(answer.outcome()).isEqualTo(OverrideOutcome.NO_SESSION);
            assertThat(dir.resolve("sockets")).doesNotExist();
        }
    }
}
