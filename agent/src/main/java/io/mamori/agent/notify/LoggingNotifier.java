package io.mamori.agent.notify;

import io.mamori.protocol.policy.LocalizedText;
import io.mamori.agent.desktop.Prompt;
import io.mamori.protocol.event.OverrideOutcome;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where nobody can be shown a notice (no graphical session, or no desktop notifier on this
 * system): the notice is written to the agent's log in English, so it is on record, and a question
 * about a held copy is answered {@code NO_SESSION} at once.
 */
public final class LoggingNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingNotifier.class);

    private final Supplier<Map<String, LocalizedText>> overrides;

    /** @param overrides the texts of the policy in force, by message key */
    public LoggingNotifier(Supplier<Map<String, LocalizedText>> overrides) {
        this.overrides = overrides;
    }

    @Override
    public void tell(Notice notice) {
        LOG.info("no user session to tell: {}", new NoticeTexts(overrides.get()).text(notice, Locale.ENGLISH));
    }

    /** Nobody can be asked: the held files stay blocked, and the log says what would have been asked. */
    @Override
    public CompletionStage<Answer> ask(HeldCopy question) {
        String text = new NoticeTexts(overrides.get()).question(question, Locale.ENGLISH, 0).get(Prompt.MESSAGE);
        LOG.info("no user session to ask about copy {}: {}", question.operationId(), text);
        return CompletableFuture.completedFuture(Answer.unanswered(OverrideOutcome.NO_SESSION,
                "no graphical session of the user who copied the files; they stay blocked"));
    }
}
