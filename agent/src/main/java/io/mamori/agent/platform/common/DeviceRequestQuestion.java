package io.mamori.agent.platform.common;

import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.AnswerCheck;
import io.mamori.agent.notify.NoticeTexts;
import io.mamori.agent.notify.RequestOffer;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.request.DeviceRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offer to ask for a restricted device (issue 23), made to one session helper on Windows and
 * macOS alike, as on Linux: the helper shows the same window as a held copy's question, with a
 * period. An answer with an unknown reason, a missing explanation or a period outside 1 hour to
 * 30 days is refused with the reason why and the window stays; "close" or a valid request
 * completes it and is acknowledged; time up withdraws it; a helper that goes away asks nothing.
 * Who asked is the {@link Actor} the platform vouches for (its peer check).
 */
public final class DeviceRequestQuestion implements HelperLink.Question {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRequestQuestion.class);

    private final RequestOffer offer;
    private final HelperLink<?> link;
    private final Actor who;
    private final NoticeTexts texts;
    private final CompletableFuture<Optional<RequestOffer.Asked>> asked;
    private final String id = UUID.randomUUID().toString();

    private DeviceRequestQuestion(RequestOffer offer, HelperLink<?> link, Actor who, NoticeTexts texts,
            CompletableFuture<Optional<RequestOffer.Asked>> asked) {
        this.offer = offer;
        this.link = link;
        this.who = who;
        this.texts = texts;
        this.asked = asked;
    }

    /**
     * Offers {@code offer} on {@code link}, answered as {@code who}, and withdraws it when its time is
     * up. When it cannot be offered, {@code asked} completes empty at once.
     */
    public static void offer(RequestOffer offer, HelperLink<?> link, Actor who, NoticeTexts texts,
            CompletableFuture<Optional<RequestOffer.Asked>> asked, Clock clock, ScheduledExecutorService deadlines) {
        long secondsLeft = Duration.between(clock.instant(), offer.due()).toSeconds();
        if (secondsLeft <= 0 || offer.reasons().isEmpty()) {
            asked.complete(Optional.empty());
            return;
        }
        DeviceRequestQuestion question = new DeviceRequestQuestion(offer, link, who, texts, asked);
        Map<String, String> message = new HashMap<>(texts.requestQuestion(offer, link.locale(), secondsLeft));
        message.put(Prompt.TYPE, Prompt.QUESTION);
        message.put(Prompt.ID, question.id);
        link.expect(question.id, question);
        try {
            link.send(message);
        } catch (IOException e) {
            link.forget(question.id);
            asked.complete(Optional.empty());
            LOG.warn("the offer to ask for {} could not be sent to {}: {}", offer.device().shortName(), link.who(), e.getMessage());
            return;
        }
        deadlines.schedule(question::timeUp, secondsLeft, TimeUnit.SECONDS);
    }

    @Override
    public void answered(Map<String, String> said) {
        if (asked.isDone()) {
            return;
        }
        boolean requested = Prompt.CONTINUED.equals(said.get(Prompt.OUTCOME));
        Optional<String> problem = AnswerCheck.problem(said, offer.reasons(), texts, link.locale());
        int hours = hours(said);
        if (problem.isEmpty() && requested && (hours < 1 || hours > DeviceRequest.MAX_HOURS)) {
            problem = Optional.of(texts.template("request.period.invalid", link.locale()));
        }
        if (problem.isPresent()) {
            reply(Map.of(Prompt.RESULT, Prompt.INVALID, Prompt.PROBLEM, problem.get()));
            return;
        }
        String text = said.getOrDefault(Prompt.REASON_TEXT, "").strip();
        Optional<RequestOffer.Asked> given = requested ? Optional.of(new RequestOffer.Asked(who.user(), who.uid(), hours,
                said.get(Prompt.REASON_ID), text.isEmpty() ? null : text)) : Optional.empty();
        if (asked.complete(given)) {
            link.forget(id);
            reply(Map.of(Prompt.RESULT, Prompt.ACCEPTED));
            if (requested) {
                LOG.info("{} asked to use {} ({} h, {})", LogText.of(who.user()), offer.device().shortName(), hours,
                        LogText.of(said.get(Prompt.REASON_ID)));
            }
        }
    }

    @Override
    public void lost(String why) {
        asked.complete(Optional.empty());
    }

    void timeUp() {
        if (asked.complete(Optional.empty())) {
            link.forget(id);
            link.sendAbout(id, Prompt.WITHDRAWN, Map.of());
        }
    }

    private static int hours(Map<String, String> said) {
        try {
            return Integer.parseInt(said.getOrDefault(Prompt.PERIOD_HOURS, ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void reply(Map<String, String> reply) {
        link.sendAbout(id, Prompt.REPLY, reply);
    }
}
