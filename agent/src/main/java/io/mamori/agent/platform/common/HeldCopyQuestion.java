package io.mamori.agent.platform.common;

import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.AnswerCheck;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.NoticeTexts;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.OverrideOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One held copy asked of one session helper, on Windows and macOS alike (the exchange is the same
 * as on Linux): the answer is checked with {@link AnswerCheck} (an unknown outcome or reason, a
 * missing explanation is refused with the reason why and the question stays open); cancel or a
 * valid continue completes it and is acknowledged; time up withdraws it (TIMED_OUT); a helper that
 * goes away leaves it NO_SESSION. Never CONTINUED but from a valid answer. Who answered is the
 * {@link Actor} the platform vouches for (its peer check), given by the desktop that asks.
 */
public final class HeldCopyQuestion implements HelperLink.Question {

    private static final Logger LOG = LoggerFactory.getLogger(HeldCopyQuestion.class);
    public static final String PROGRAM = "mamori-session-helper";

    private final HeldCopy held;
    private final HelperLink<?> link;
    private final Actor who;
    private final NoticeTexts texts;
    private final CompletableFuture<Answer> answer;
    private final String id;

    private HeldCopyQuestion(HeldCopy held, HelperLink<?> link, Actor who, NoticeTexts texts, CompletableFuture<Answer> answer) {
        this.held = held;
        this.link = link;
        this.who = who;
        this.texts = texts;
        this.answer = answer;
        this.id = held.operationId().toString();
    }

    /**
     * Asks {@code held} of the helper on {@code link}, answered as {@code who}, and withdraws the
     * question when its time is up. Empty when it could not be asked: {@code answer} is then
     * complete (TIMED_OUT when the time had passed, NO_SESSION when it could not be sent).
     */
    public static Optional<HeldCopyQuestion> ask(HeldCopy held, HelperLink<?> link, Actor who, NoticeTexts texts,
            CompletableFuture<Answer> answer, Clock clock, ScheduledExecutorService deadlines) {
        long secondsLeft = Duration.between(clock.instant(), held.due()).toSeconds();
        if (secondsLeft <= 0) {
            answer.complete(Answer.unanswered(OverrideOutcome.TIMED_OUT, "the time to answer had passed before it could be asked"));
            return Optional.empty();
        }
        HeldCopyQuestion asked = new HeldCopyQuestion(held, link, who, texts, answer);
        Map<String, String> message = new HashMap<>(texts.question(held, link.locale(), secondsLeft));
        message.put(Prompt.TYPE, Prompt.QUESTION);
        message.put(Prompt.ID, asked.id());
        link.expect(asked.id(), asked);
        try {
            link.send(message);
        } catch (IOException e) {
            link.forget(asked.id());
            answer.complete(Answer.unanswered(OverrideOutcome.NO_SESSION, "the question could not be sent: " + e.getMessage()));
            LOG.warn("copy {}: the question could not be sent to {}: {}", asked.id(), link.who(), e.getMessage());
            return Optional.empty();
        }
        deadlines.schedule(asked::timeUp, secondsLeft, TimeUnit.SECONDS);
        return Optional.of(asked);
    }

    public String id() {
        return id;
    }

    @Override
    public void answered(Map<String, String> said) {
        if (answer.isDone()) {
            return;
        }
        Optional<String> problem = AnswerCheck.problem(said, held.reasons(), texts, link.locale());
        if (problem.isPresent()) {
            LOG.warn("copy {}: an answer from {} was not taken (outcome {}, reason {}); asked again", id, link.who(),
                    LogText.of(said.get(Prompt.OUTCOME)), LogText.of(said.get(Prompt.REASON_ID)));
            reply(Map.of(Prompt.RESULT, Prompt.INVALID, Prompt.PROBLEM, problem.get()));
            return;
        }
        boolean continued = Prompt.CONTINUED.equals(said.get(Prompt.OUTCOME));
        String text = said.getOrDefault(Prompt.REASON_TEXT, "").strip();
        Answer given = continued
                ? new Answer(OverrideOutcome.CONTINUED, said.get(Prompt.REASON_ID), text.isEmpty() ? null : text, who,
                        who.user() + " continued the copy")
                : new Answer(OverrideOutcome.CANCELLED, null, null, who, who.user() + " cancelled the copy");
        if (answer.complete(given)) {
            link.forget(id);
            reply(Map.of(Prompt.RESULT, Prompt.ACCEPTED));
            LOG.info("copy {}: {} answered {}{}", id, LogText.of(who.user()), given.outcome(),
                    continued ? " (" + LogText.of(given.reasonId()) + ")" : "");
        }
    }

    @Override
    public void lost(String why) {
        if (answer.complete(Answer.unanswered(OverrideOutcome.NO_SESSION, "the session helper went away before an answer: "
                + why))) {
            LOG.warn("copy {}: the session helper of {} went away before an answer ({}); the files stay blocked", id,
                    link.who(), why);
        }
    }

    /** The time to answer is over. */
    void timeUp() {
        if (answer.complete(Answer.unanswered(OverrideOutcome.TIMED_OUT, "no answer within the time given"))) {
            LOG.info("copy {}: {} did not answer in time", id, LogText.of(who.user()));
            link.forget(id);
            link.sendAbout(id, Prompt.WITHDRAWN, Map.of());
        }
    }

    private void reply(Map<String, String> reply) {
        link.sendAbout(id, Prompt.REPLY, reply);
    }
}
