package io.mamori.agent.platform.windows;

import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.AnswerCheck;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.NoticeTexts;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.OverrideOutcome;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One held copy asked in one session, as on Linux: the answer is checked with {@link AnswerCheck}
 * (an unknown outcome or reason, a missing explanation is refused with the reason why, and the
 * question stays open); cancel or a valid continue completes it and is acknowledged; time up
 * withdraws it (TIMED_OUT); a helper that goes away leaves it NO_SESSION. Never CONTINUED but from
 * a valid answer.
 */
final class HeldCopyQuestion implements HelperLink.Question {

    private static final Logger LOG = LoggerFactory.getLogger(HeldCopyQuestion.class);
    static final String PROGRAM = "mamori-session-helper";

    private final HeldCopy held;
    private final HelperLink link;
    private final NoticeTexts texts;
    private final CompletableFuture<Answer> answer;
    private final String id;

    HeldCopyQuestion(HeldCopy held, HelperLink link, NoticeTexts texts, CompletableFuture<Answer> answer) {
        this.held = held;
        this.link = link;
        this.texts = texts;
        this.answer = answer;
        this.id = held.operationId().toString();
    }

    String id() {
        return id;
    }

    @Override
    public void answered(Map<String, String> said) {
        if (answer.isDone()) {
            return;
        }
        Optional<String> problem = AnswerCheck.problem(said, held.reasons(), texts, link.locale());
        if (problem.isPresent()) {
            LOG.warn("copy {}: an answer from session {} was not taken (outcome {}, reason {}); asked again", id,
                    link.session().id(), LogText.of(said.get(Prompt.OUTCOME)), LogText.of(said.get(Prompt.REASON_ID)));
            reply(Map.of(Prompt.RESULT, Prompt.INVALID, Prompt.PROBLEM, problem.get()));
            return;
        }
        String account = link.session().account();
        Actor who = new Actor(account, null, link.pid(), PROGRAM);
        boolean continued = Prompt.CONTINUED.equals(said.get(Prompt.OUTCOME));
        String text = said.getOrDefault(Prompt.REASON_TEXT, "").strip();
        Answer given = continued
                ? new Answer(OverrideOutcome.CONTINUED, said.get(Prompt.REASON_ID), text.isEmpty() ? null : text, who,
                        account + " continued the copy")
                : new Answer(OverrideOutcome.CANCELLED, null, null, who, account + " cancelled the copy");
        if (answer.complete(given)) {
            link.forget(id);
            reply(Map.of(Prompt.RESULT, Prompt.ACCEPTED));
            LOG.info("copy {}: {} answered {}{}", id, LogText.of(account), given.outcome(),
                    continued ? " (" + LogText.of(given.reasonId()) + ")" : "");
        }
    }

    @Override
    public void lost(String why) {
        if (answer.complete(Answer.unanswered(OverrideOutcome.NO_SESSION, "the session helper went away before an answer: "
                + why))) {
            LOG.warn("copy {}: the session helper of session {} went away before an answer ({}); the files stay blocked", id,
                    link.session().id(), why);
        }
    }

    /** The time to answer is over. */
    void timeUp() {
        if (answer.complete(Answer.unanswered(OverrideOutcome.TIMED_OUT, "no answer within the time given"))) {
            LOG.info("copy {}: {} did not answer in time", id, LogText.of(link.session().account()));
            link.forget(id);
            try {
                link.send(Map.of(Prompt.TYPE, Prompt.WITHDRAWN, Prompt.ID, id));
            } catch (IOException e) {
                LOG.debug("copy {}: withdrawing the question: {}", id, e.getMessage());
            }
        }
    }

    private void reply(Map<String, String> reply) {
        Map<String, String> message = new java.util.HashMap<>(reply);
        message.put(Prompt.TYPE, Prompt.REPLY);
        message.put(Prompt.ID, id);
        try {
            link.send(message);
        } catch (IOException e) {
            LOG.debug("copy {}: replying to the helper: {}", id, e.getMessage());
        }
    }
}
