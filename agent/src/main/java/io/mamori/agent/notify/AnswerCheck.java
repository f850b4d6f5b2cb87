package io.mamori.agent.notify;

import io.mamori.agent.desktop.Prompt;
import io.mamori.protocol.policy.OverrideReason;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an answer from a question window can be taken, the same on every OS: cancel always can;
 * continue needs one of the reasons offered and, when that reason asks for it, an explanation of
 * at most {@value #MAX_REASON_TEXT} characters. Anything else (an unknown outcome or reason, a
 * missing field) is refused with the text the window shows, and the question stays open.
 */
public final class AnswerCheck {

    /** The longest explanation taken. */
    public static final int MAX_REASON_TEXT = 2000;

    private AnswerCheck() {
    }

    /** Why an answer cannot be taken, in the person's language; empty when it can. */
    public static Optional<String> problem(Map<String, String> said, List<OverrideReason> reasons, NoticeTexts texts,
            Locale locale) {
        String outcome = said.get(Prompt.OUTCOME);
        if (Prompt.CANCELLED.equals(outcome)) {
            return Optional.empty();
        }
        if (!Prompt.CONTINUED.equals(outcome)) {
            return Optional.of(texts.template("dialog.reason.missing", locale));
        }
        String id = said.get(Prompt.REASON_ID);
        Optional<OverrideReason> reason = reasons.stream().filter(r -> r.id().equals(id)).findFirst();
        if (reason.isEmpty()) {
            return Optional.of(texts.template("dialog.reason.unknown", locale));
        }
        String text = said.getOrDefault(Prompt.REASON_TEXT, "").strip();
        if (reason.get().requiresText() && text.isEmpty() || text.length() > MAX_REASON_TEXT) {
            return Optional.of(texts.template("dialog.explanation.required", locale));
        }
        return Optional.empty();
    }
}
