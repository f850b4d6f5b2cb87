package io.mamori.agent.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.NoticeTexts;
import io.mamori.agent.notify.Session;
import io.mamori.protocol.policy.LocalizedText;
import io.mamori.protocol.policy.OverrideReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
