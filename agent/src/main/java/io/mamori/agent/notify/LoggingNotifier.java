package io.mamori.agent.notify;

import io.mamori.protocol.policy.LocalizedText;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where nobody can be shown a notice (no graphical session, or no desktop notifier on this
 * system yet): the notice is written to the agent's log in English, so it is on record.
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
}
