package io.mamori.agent.platform.windows;

import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.LoggingNotifier;
import io.mamori.agent.notify.Notice;
import io.mamori.agent.notify.NoticeTexts;
import io.mamori.agent.notify.RequestOffer;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.platform.common.DeviceRequestQuestion;
import io.mamori.agent.platform.common.HeldCopyQuestion;
import io.mamori.agent.platform.common.HelperLink;
import io.mamori.agent.platform.common.LogText;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.policy.LocalizedText;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells and asks the people at a Windows machine. The agent is a service in session 0, which
 * cannot show anything; a session helper running as the employee in each interactive session
 * (console and remote desktop) shows the notices and the question window, connected to the agent
 * over that session's pipe ({@link SessionPipe}: random name, a DACL for SYSTEM and that user,
 * the client's process and session checked). Texts are in the language the helper said hello
 * with, the same texts and the same one-question-per-copy exchange as on Linux. Where nobody can
 * be reached — no interactive session, more than one and no way to tell whose copy it was, no
 * helper connected, or a helper that goes away or misbehaves mid-question — the notice is logged
 * and the question answered NO_SESSION, as on Linux; never CONTINUED.
 */
public final class WindowsDesktop implements Notifier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WindowsDesktop.class);
    static final Duration HELLO_LIMIT = Duration.ofSeconds(5);

    private final WindowsSessions sessions;
    private final PipeNative pipes;
    private final PipeAnnouncer announcer;
    private final Supplier<Map<String, LocalizedText>> overrides;
    private final Clock clock;
    private final Duration helloLimit;
    private final LoggingNotifier nobody;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, SessionPipe> open = new ConcurrentHashMap<>();
    private final ExecutorService work;
    private final ScheduledExecutorService deadlines;
    /** How many sessions were interactive at the last look (some may have no pipe: theirs failed). */
    private volatile int interactive;

    WindowsDesktop(WindowsSessions sessions, PipeNative pipes, PipeAnnouncer announcer,
            Supplier<Map<String, LocalizedText>> overrides, Clock clock, Duration helloLimit) {
        this.sessions = sessions;
        this.pipes = pipes;
        this.announcer = announcer;
        this.overrides = overrides;
        this.clock = clock;
        this.helloLimit = helloLimit;
        this.nobody = new LoggingNotifier(overrides);
        this.work = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "mamori-windows-desktop"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "mamori-ask-deadlines"));
    }

    /** Opens a pipe for every interactive session there is now. */
    public void start() {
        work.execute(this::synchronize);
    }

    /** The service's session changes (WindowsServiceHost#onSessionChange): a pipe per session that has someone. */
    public void sessionChanged(SessionChange change) {
        work.execute(() -> {
            if (change.ends()) {
                SessionPipe gone = open.remove(change.sessionId());
                if (gone != null) {
                    LOG.info("session {} logged off: its pipe is closed", change.sessionId());
                    gone.close();
                }
            } else if (change.arrives()) {
                synchronize();
            }
        });
    }

    /** Pipes for the interactive sessions, none for the others. Runs on the work thread. */
    private void synchronize() {
        List<WindowsSession> now = sessions.interactive();
        interactive = now.size();
        for (WindowsSession session : now) {
            SessionPipe pipe = open.get(session.id());
            if (pipe != null && !pipe.isClosed() && pipe.session().sid().equals(session.sid())) {
                continue;
            }
            if (pipe != null) {
                pipe.close(); // another user in the same session id
            }
            SessionPipe made = new SessionPipe(session, pipes, announcer, random, helloLimit);
            try {
                made.open();
                open.put(session.id(), made);
            } catch (IOException | RuntimeException e) {
                open.remove(session.id());
                LOG.warn("session {}: no pipe for its helper, so nobody there can be told or asked: {}", session.id(),
                        e.getMessage());
            }
        }
        for (Integer id : new ArrayList<>(open.keySet())) {
            if (now.stream().noneMatch(session -> session.id() == id)) {
                SessionPipe gone = open.remove(id);
                if (gone != null) {
                    gone.close();
                }
            }
        }
    }

    // ---------------------------------------------------------------- notices

    @Override
    public void tell(Notice notice) {
        work.execute(() -> {
            try {
                deliver(notice);
            } catch (RuntimeException e) {
                LOG.warn("could not tell ({}): {}", notice.key(), e.getMessage());
            }
        });
    }

    private void deliver(Notice notice) {
        List<HelperLink<WindowsSession>> targets = new ArrayList<>();
        if (notice.forOnePerson()) {
            whoseCopy().ifPresent(targets::add);
        } else {
            open.values().forEach(pipe -> pipe.link().ifPresent(targets::add));
        }
        if (targets.isEmpty()) {
            nobody.tell(notice);
            return;
        }
        NoticeTexts texts = new NoticeTexts(overrides.get());
        boolean urgent = notice.urgent();
        for (HelperLink<WindowsSession> link : targets) {
            String body = texts.text(notice, link.locale(), null);
            try {
                link.send(Map.of(Prompt.TYPE, Prompt.NOTICE, Prompt.TITLE, texts.title(link.locale()), Prompt.TEXT, body,
                        Prompt.URGENT, Boolean.toString(urgent)));
                LOG.info("told {} in session {} ({})", LogText.of(link.session().account()), link.session().id(), notice.key());
            } catch (IOException e) {
                LOG.warn("could not tell session {} ({}), so it is logged: {}", link.session().id(), e.getMessage(),
                        texts.text(notice, java.util.Locale.ENGLISH, null));
            }
        }
    }

    /**
     * The helper of the person whose copy it is. Windows file activity does not say which session
     * wrote a file, so only where exactly one session is interactive is it theirs; with more,
     * nobody is asked rather than the wrong person.
     */
    private Optional<HelperLink<WindowsSession>> whoseCopy() {
        List<SessionPipe> pipes = new ArrayList<>(open.values());
        int people = Math.max(interactive, pipes.size());
        if (people != 1 || pipes.size() != 1) {
            if (people > 1) {
                LOG.warn("{} people are logged on and the copy's session is not known: nobody is asked or told", people);
            } else if (people == 1) {
                LOG.warn("the one interactive session has no pipe for its helper: nobody is asked or told");
            }
            return Optional.empty();
        }
        Optional<HelperLink<WindowsSession>> link = pipes.get(0).link();
        if (link.isEmpty()) {
            LOG.warn("session {}: no session helper is connected to its pipe", pipes.get(0).session().id());
        }
        return link;
    }

    // ---------------------------------------------------------------- the question of a held copy

    @Override
    public CompletionStage<Answer> ask(HeldCopy question) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        work.execute(() -> {
            try {
                converse(question, answer);
            } catch (RuntimeException e) {
                LOG.warn("could not ask about copy {}: {}", question.operationId(), e.getMessage());
                answer.complete(Answer.unanswered(OverrideOutcome.NO_SESSION, "the question could not be shown: " + e.getMessage()));
            }
        });
        return answer;
    }

    private void converse(HeldCopy held, CompletableFuture<Answer> answer) {
        Optional<HelperLink<WindowsSession>> person = whoseCopy();
        if (person.isEmpty()) {
            nobody.ask(held).thenAccept(answer::complete);
            return;
        }
        HelperLink<WindowsSession> link = person.get();
        WindowsSession session = link.session();
        Actor who = new Actor(session.account(), null, link.pid(), HeldCopyQuestion.PROGRAM);
        HeldCopyQuestion.ask(held, link, who, new NoticeTexts(overrides.get()), answer, clock, deadlines).ifPresent(
                asked -> LOG.info("asking {} in session {} about copy {}", LogText.of(session.account()), session.id(), asked.id()));
    }

    @Override
    public CompletionStage<Optional<RequestOffer.Asked>> offerRequest(RequestOffer offer) {
        CompletableFuture<Optional<RequestOffer.Asked>> asked = new CompletableFuture<>();
        work.execute(() -> {
            try {
                Optional<HelperLink<WindowsSession>> person = whoseCopy();
                if (person.isEmpty()) {
                    asked.complete(Optional.empty());
                    return;
                }
                HelperLink<WindowsSession> link = person.get();
                DeviceRequestQuestion.offer(offer, link, new Actor(link.session().account(), null, link.pid(),
                        HeldCopyQuestion.PROGRAM), new NoticeTexts(overrides.get()), asked, clock, deadlines);
            } catch (RuntimeException e) {
                LOG.warn("could not offer a request for {}: {}", offer.device().shortName(), e.getMessage());
                asked.complete(Optional.empty());
            }
        });
        return asked;
    }

    @Override
    public void close() {
        work.shutdownNow();
        deadlines.shutdownNow();
        for (SessionPipe pipe : open.values()) {
            pipe.close();
        }
        open.clear();
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
