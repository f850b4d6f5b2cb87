package io.mamori.agent.platform.linux;

import io.mamori.agent.platform.common.Programs;
import io.mamori.agent.desktop.OverrideDialog;
import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.AnswerCheck;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.LoggingNotifier;
import io.mamori.agent.notify.Notice;
import io.mamori.agent.notify.NoticeTexts;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.notify.RequestOffer;
import io.mamori.agent.notify.Session;
import io.mamori.agent.notify.Sessions;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.policy.LocalizedText;
import io.mamori.protocol.policy.OverrideReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells and asks the person at a Linux desktop. Notices go to their desktop's notifications
 * (org.freedesktop.Notifications on their session bus, through {@code gdbus}, run as them); the
 * question of a held copy, and the offer to ask for a device policy restricts (issue 23), are a
 * small window ({@link OverrideDialog}) started in their session, as them ({@link SessionWindows}). Texts are in the language of their session. Where no session of the person can be
 * found, the notice is logged and the question answered NO_SESSION ({@link LoggingNotifier}).
 */
public final class LinuxDesktop implements Notifier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxDesktop.class);
    private static final Duration NOTIFY_LIMIT = Duration.ofSeconds(10);

    private final Sessions sessions;
    private final Supplier<Map<String, LocalizedText>> overrides;
    private final Clock clock;
    private final LoggingNotifier nobody;
    private final ExecutorService telling;
    private final ExecutorService asking;
    private final ScheduledExecutorService deadlines;
    private final SessionWindows windows;

    /**
     * @param overrides the policy's texts, by message key
     * @param socketDir where the dialogs' sockets are made (created, mode 0711: passable, not listable)
     */
    public LinuxDesktop(Sessions sessions, Supplier<Map<String, LocalizedText>> overrides, Path socketDir, Clock clock) {
        this.sessions = sessions;
        this.overrides = overrides;
        this.clock = clock;
        this.nobody = new LoggingNotifier(overrides);
        AtomicInteger threads = new AtomicInteger();
        this.telling = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "mamori-tell"));
        this.asking = Executors.newCachedThreadPool(runnable -> daemon(runnable, "mamori-ask-" + threads.incrementAndGet()));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "mamori-ask-deadlines"));
        long uid;
        try {
            uid = LinuxSessions.realUid(Files.readString(Path.of("/proc/self/status"))).orElse(-1);
        } catch (IOException e) {
            uid = -1;
        }
        this.windows = new SessionWindows(socketDir, uid, deadlines);
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    // ---------------------------------------------------------------- notices

    @Override
    public void tell(Notice notice) {
        telling.execute(() -> {
            try {
                deliver(notice);
            } catch (RuntimeException e) {
                LOG.warn("could not tell ({}): {}", notice.key(), e.getMessage());
            }
        });
    }

    private void deliver(Notice notice) {
        List<Session> targets = notice.forOnePerson() ? personOf(notice.person()).map(List::of).orElse(List.of())
                : sessions.graphical();
        if (targets.isEmpty()) {
            nobody.tell(notice);
            return;
        }
        NoticeTexts texts = new NoticeTexts(overrides.get());
        for (Session session : targets) {
            String body = texts.text(notice, session.locale(), session.uid());
            boolean urgent = notice.urgent();
            try {
                Programs.run(windows.asPerson(session, List.of(Programs.find("gdbus"), "call", "--session", "--timeout", "5",
                        "--dest", "org.freedesktop.Notifications", "--object-path", "/org/freedesktop/Notifications",
                        "--method", "org.freedesktop.Notifications.Notify", "--", variant(texts.template("title", session.locale())),
                        "0", variant(urgent ? "dialog-error" : "dialog-information"),
                        variant(texts.template("title", session.locale())), variant(body), "[]",
                        "{'urgency': <byte " + (urgent ? 2 : 1) + ">}", "-1")), SessionWindows.environment(session), NOTIFY_LIMIT);
                LOG.info("told {} ({}): {}", session.user(), notice.key(), body);
            } catch (IOException e) {
                LOG.warn("could not show {} a notification ({}), so it is logged: {}", session.user(), e.getMessage(),
                        texts.text(notice, java.util.Locale.ENGLISH, session.uid()));
            }
        }
    }

    /** A string in GVariant text form, as {@code gdbus call} takes its arguments. */
    static String variant(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /**
     * The session of the person who wrote the files; when the writer was root or is not known and
     * exactly one person is at the screen (a laptop's user running {@code sudo cp}), theirs.
     */
    private Optional<Session> personOf(Long uid) {
        List<Session> found = sessions.graphical();
        for (Session session : found) {
            if (uid != null && session.uid() == uid) {
                return Optional.of(session);
            }
        }
        if ((uid == null || uid == 0) && found.size() == 1) {
            return Optional.of(found.get(0));
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- the question of a held copy

    @Override
    public CompletionStage<Answer> ask(HeldCopy question) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        asking.execute(() -> {
            try {
                converse(question, answer);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not ask about copy {}: {}", question.operationId(), e.getMessage());
                answer.complete(Answer.unanswered(OverrideOutcome.NO_SESSION, "the question could not be shown: " + e.getMessage()));
            }
        });
        return answer;
    }

    private void converse(HeldCopy question, CompletableFuture<Answer> answer) throws IOException {
        Optional<Session> person = personOf(question.uid());
        if (person.isEmpty()) {
            nobody.ask(question).thenAccept(answer::complete);
            return;
        }
        Session session = person.get();
        long secondsLeft = Duration.between(clock.instant(), question.due()).toSeconds();
        if (secondsLeft <= 0) {
            answer.complete(Answer.unanswered(OverrideOutcome.TIMED_OUT, "the time to answer had passed before it could be asked"));
            return;
        }
        NoticeTexts texts = new NoticeTexts(overrides.get());
        windows.talk(session, texts.question(question, session.locale(), secondsLeft), secondsLeft, new SessionWindows.Conversation() {
            @Override
            public Optional<String> problem(Map<String, String> said) {
                return LinuxDesktop.problem(said, question.reasons(), texts, session);
            }

            @Override
            public boolean take(Map<String, String> said, Actor who) {
                boolean continued = Prompt.CONTINUED.equals(said.get(Prompt.OUTCOME));
                String text = said.getOrDefault(Prompt.REASON_TEXT, "").strip();
                Answer given = continued
                        ? new Answer(OverrideOutcome.CONTINUED, said.get(Prompt.REASON_ID), text.isEmpty() ? null : text, who,
                                session.user() + " continued the copy")
                        : new Answer(OverrideOutcome.CANCELLED, null, null, who, session.user() + " cancelled the copy");
                boolean taken = answer.complete(given);
                if (taken) {
                    LOG.info("copy {}: {} answered {}{}", question.operationId(), session.user(), given.outcome(),
                            continued ? " (" + given.reasonId() + ")" : "");
                }
                return taken;
            }

            @Override
            public boolean done() {
                return answer.isDone();
            }

            @Override
            public void timedOut() {
                if (answer.complete(Answer.unanswered(OverrideOutcome.TIMED_OUT, "no answer within the time given"))) {
                    LOG.info("copy {}: {} did not answer in time", question.operationId(), session.user());
                }
            }

            @Override
            public boolean ended(int exitCode) {
                boolean unanswered = answer.complete(Answer.unanswered(OverrideOutcome.NO_SESSION,
                        "the question window ended without an answer (exit code " + exitCode + ")"));
                if (unanswered) {
                    LOG.warn("copy {}: the question window for {} ended without an answer", question.operationId(), session.user());
                }
                return unanswered;
            }
        });
    }

    // ---------------------------------------------------------------- the offer to ask for a device

    @Override
    public CompletionStage<Optional<RequestOffer.Asked>> offerRequest(RequestOffer offer) {
        CompletableFuture<Optional<RequestOffer.Asked>> asked = new CompletableFuture<>();
        asking.execute(() -> {
            try {
                offer(offer, asked);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not offer a request for {}: {}", offer.device().shortName(), e.getMessage());
            } finally {
                asked.complete(Optional.empty());
            }
        });
        return asked;
    }

    private void offer(RequestOffer offer, CompletableFuture<Optional<RequestOffer.Asked>> asked) throws IOException {
        Optional<Session> person = personOf(null);
        long secondsLeft = Duration.between(clock.instant(), offer.due()).toSeconds();
        if (person.isEmpty() || secondsLeft <= 0 || offer.reasons().isEmpty()) {
            return; // nobody (or nobody single) at the screen, or nothing to ask with: the notice stands alone
        }
        Session session = person.get();
        NoticeTexts texts = new NoticeTexts(overrides.get());
        windows.talk(session, texts.requestQuestion(offer, session.locale(), secondsLeft), secondsLeft, new SessionWindows.Conversation() {
            @Override
            public Optional<String> problem(Map<String, String> said) {
                if (!Prompt.CONTINUED.equals(said.get(Prompt.OUTCOME))) {
                    return Optional.empty();
                }
                Optional<String> reason = LinuxDesktop.problem(said, offer.reasons(), texts, session);
                if (reason.isPresent()) {
                    return reason;
                }
                int hours = hours(said);
                return hours >= 1 && hours <= io.mamori.protocol.request.DeviceRequest.MAX_HOURS ? Optional.empty()
                        : Optional.of(texts.template("request.period.invalid", session.locale()));
            }

            @Override
            public boolean take(Map<String, String> said, Actor who) {
                if (!Prompt.CONTINUED.equals(said.get(Prompt.OUTCOME))) {
                    return asked.complete(Optional.empty());
                }
                String text = said.getOrDefault(Prompt.REASON_TEXT, "").strip();
                boolean taken = asked.complete(Optional.of(new RequestOffer.Asked(session.user(), session.uid(), hours(said),
                        said.get(Prompt.REASON_ID), text.isEmpty() ? null : text)));
                if (taken) {
                    LOG.info("{} asked to use {} ({} h, {})", session.user(), offer.device().shortName(), hours(said),
                            said.get(Prompt.REASON_ID));
                }
                return taken;
            }

            @Override
            public boolean done() {
                return asked.isDone();
            }

            @Override
            public void timedOut() {
                asked.complete(Optional.empty());
            }

            @Override
            public boolean ended(int exitCode) {
                return asked.complete(Optional.empty());
            }
        });
    }

    private static int hours(Map<String, String> said) {
        try {
            return Integer.parseInt(said.getOrDefault(Prompt.PERIOD_HOURS, ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Why an answer cannot be taken, in the person's language; empty when it can ({@link AnswerCheck}, shared with Windows). */
    static Optional<String> problem(Map<String, String> said, List<OverrideReason> reasons, NoticeTexts texts,
            Session session) {
        return AnswerCheck.problem(said, reasons, texts, session.locale());
    }

    @Override
    public void close() {
        telling.shutdownNow();
        asking.shutdownNow();
        deadlines.shutdownNow();
    }
}
