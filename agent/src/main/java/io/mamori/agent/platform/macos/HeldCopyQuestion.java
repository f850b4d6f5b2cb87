package io.mamori.agent.platform.macos;

import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.AnswerCheck;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.NoticeTexts;
import io.mamori.agent.platform.common.LogText;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.OverrideOutcome;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One held copy asked of one helper, as on Linux and Windows: the answer is checked with
 * {@link AnswerCheck} (an unknown outcome or reason, a missing explanation is refused with the
 * reason why and the question stays open); cancel or a valid continue completes it and is
 * acknowledged; time up withdraws it (TIMED_OUT); a helper that goes away leaves it NO_SESSION.
 * Never CONTINUED but from a valid answer. Who answered is the socket's user, whom the kernel
 * vouched for (getpeereid); the process id the helper gives is not checked on macOS, so it is not
 * recorded.
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
            LOG.warn("copy {}: an answer from {} was not taken (outcome {}, reason {}); asked again", id,
                    LogText.of(link.session().user()), LogText.of(said.get(Prompt.OUTCOME)), LogText.of(said.get(Prompt.REASON_ID)));
            reply(Map.of(Prompt.RESULT, Prompt.INVALID, Prompt.PROBLEM, problem.get()));
            return;
        }
        MacSession session = link.session();
        Actor who = new Actor(session.user(), session.uid(), null, PROGRAM, null);
        boolean continued = Prompt.CONTINUED.equals(said.get(Prompt.OUTCOME));
        String text = said.getOrDefault(Prompt.REASON_TEXT, "").strip();
        Answer given = continued
                ? new Answer(OverrideOutcome.CONTINUED, said.get(Prompt.REASON_ID), text.isEmpty() ? null : text, who,
                        session.user() + " continued the copy")
                : new Answer(OverrideOutcome.CANCELLED, null, null, who, session.user() + " cancelled the copy");
        if (answer.complete(given)) {
            link.forget(id);
            reply(Map.of(Prompt.RESULT, Prompt.ACCEPTED));
            LOG.info("copy {}: {} answered {}{}", id, LogText.of(session.user()), given.outcome(),
                    continued ? " (" + LogText.of(given.reasonId()) + ")" : "");
        }
    }

    @Override
    public void lost(String why) {
        if (answer.complete(Answer.unanswered(OverrideOutcome.NO_SESSION, "the session helper went away before an answer: "
                + why))) {
            LOG.warn("copy {}: the session helper of {} went away before an answer ({}); the files stay blocked", id,
                    LogText.of(link.session().user()), why);
        }
    }

    /** The time to answer is over. */
    void timeUp() {
        if (answer.complete(Answer.unanswered(OverrideOutcome.TIMED_OUT, "no answer within the time given"))) {
            LOG.info("copy {}: {} did not answer in time", id, LogText.of(link.session().user()));
            link.forget(id);
            try {
                link.send(Map.of(Prompt.TYPE, Prompt.WITHDRAWN, Prompt.ID, id));
            } catch (IOException e) {
                LOG.debug("copy {}: withdrawing the question: {}", id, e.getMessage());
            }
        }
    }

    private void reply(Map<String, String> reply) {
        Map<String, String> message = new HashMap<>(reply);
        message.put(Prompt.TYPE, Prompt.REPLY);
        message.put(Prompt.ID, id);
        try {
            link.send(message);
        } catch (IOException e) {
            LOG.debug("copy {}: replying to the helper: {}", id, e.getMessage());
        }
    }
}
