package io.mamori.agent.platform.macos;

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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells and asks the people at a Mac. The agent is a LaunchDaemon (root, no GUI); a session
 * helper, a LaunchAgent in each Aqua session, running as the person, shows notices and the
 * question window and talks to the daemon over a socket of that user's own ({@link UserSocket}:
 * one per GUI user, theirs with mode 0600 in a root folder nobody can list, the peer's user
 * checked by the kernel's word). Sockets follow the GUI sessions the system lists
 * ({@link ConsoleSessions}, looked at every {@code lookEvery} and before each notice or question).
 * The question of a held copy goes to the helper of the person on the screen (the console user),
 * in the language the helper said hello with — but not when the copy's writer is known and is
 * someone else. Where nobody can be reached — no one at the screen, no helper connected, a helper
 * that goes away or misbehaves mid-question — the notice is logged and the question answered
 * NO_SESSION, as on Linux and Windows; never CONTINUED.
 */
public final class MacDesktop implements Notifier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MacDesktop.class);
    static final Duration HELLO_LIMIT = Duration.ofSeconds(5);
    static final Duration LOOK_EVERY = Duration.ofSeconds(5);

    private final ConsoleSessions sessions;
    private final Path socketDir;
    private final Supplier<Map<String, LocalizedText>> overrides;
    private final Clock clock;
    private final Duration helloLimit;
    private final long ownUid;
    private final LoggingNotifier nobody;
    private final Map<Long, UserSocket> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService work;
    private final ScheduledExecutorService deadlines;
    private volatile boolean closed;
    /** The GUI sessions at the last look. */
    private volatile List<MacSession> seen = List.of();
    private volatile String lastProblem;
    /** Why a user's socket could not be made, last time: said once, not at every look. */
    private final Map<Long, String> socketProblems = new ConcurrentHashMap<>();

    MacDesktop(ConsoleSessions sessions, Path socketDir, Supplier<Map<String, LocalizedText>> overrides, Clock clock,
            Duration helloLimit, long ownUid) {
        this.sessions = sessions;
        this.socketDir = socketDir;
        this.overrides = overrides;
        this.clock = clock;
        this.helloLimit = helloLimit;
        this.ownUid = ownUid;
        this.nobody = new LoggingNotifier(overrides);
        this.work = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "mamori-mac-desktop"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "mamori-ask-deadlines"));
    }

    /** Opens a socket for every GUI user now, and looks again every {@code lookEvery}. */
    void start(Duration lookEvery) {
        work.scheduleWithFixedDelay(this::synchronize, 0, lookEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sockets for the GUI users there are, none for the others. Runs on the work thread. */
    void synchronize() {
        if (closed) {
            return;
        }
        List<MacSession> now;
        try {
            now = sessions.now();
            lastProblem = null;
        } catch (IOException | RuntimeException e) {
            if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
                LOG.warn("the GUI sessions cannot be listed ({}); the sockets stay as they are", e.getMessage());
            }
            lastProblem = String.valueOf(e.getMessage());
            return;
        }
        seen = now;
        for (MacSession session : now) {
            UserSocket socket = open.get(session.uid());
            if (socket != null && !socket.isClosed() && socket.session().user().equals(session.user())) {
                continue;
            }
            if (socket != null) {
                socket.close();
            }
            UserSocket made = new UserSocket(session, socketDir, helloLimit, ownUid);
            try {
                made.open();
                open.put(session.uid(), made);
                socketProblems.remove(session.uid());
                if (closed) {
                    made.close(); // closed meanwhile: leave no socket behind
                }
            } catch (IOException | RuntimeException e) {
                open.remove(session.uid());
                made.close();
                String why = String.valueOf(e.getMessage());
                if (!why.equals(socketProblems.put(session.uid(), why))) {
                    LOG.warn("{}: no socket for their session helper, so they cannot be told or asked: {}",
                            LogText.of(session.user()), why);
                }
            }
        }
        for (Long uid : new ArrayList<>(open.keySet())) {
            if (now.stream().noneMatch(session -> session.uid() == uid)) {
                UserSocket gone = open.remove(uid);
                if (gone != null) {
                    LOG.info("{} logged out: their socket is closed", LogText.of(gone.session().user()));
                    gone.close();
                }
            }
        }
    }

    /** Whether the session helper of user {@code uid} is connected now. */
    boolean helperConnected(long uid) {
        UserSocket socket = open.get(uid);
        return socket != null && socket.link().isPresent();
    }

    // ---------------------------------------------------------------- notices

    @Override
    public void tell(Notice notice) {
        work.execute(() -> {
            try {
                synchronize();
                deliver(notice);
            } catch (RuntimeException e) {
                LOG.warn("could not tell ({}): {}", notice.key(), e.getMessage());
            }
        });
    }

    private void deliver(Notice notice) {
        List<HelperLink<MacSession>> targets = new ArrayList<>();
        if (notice.forOnePerson()) {
            whoseCopy(notice.person()).ifPresent(targets::add);
        } else {
            open.values().forEach(socket -> socket.link().ifPresent(targets::add));
        }
        if (targets.isEmpty()) {
            nobody.tell(notice);
            return;
        }
        NoticeTexts texts = new NoticeTexts(overrides.get());
        boolean urgent = notice.urgent();
        for (HelperLink<MacSession> link : targets) {
            long uid = link.session().uid();
            String body = texts.text(notice, link.locale(), uid);
            try {
                link.send(Map.of(Prompt.TYPE, Prompt.NOTICE, Prompt.TITLE, texts.title(link.locale()), Prompt.TEXT, body,
                        Prompt.URGENT, Boolean.toString(urgent)));
                LOG.info("told {} ({})", LogText.of(link.session().user()), notice.key());
            } catch (IOException e) {
                LOG.warn("could not tell {} ({}), so it is logged: {}", LogText.of(link.session().user()), e.getMessage(),
                        texts.text(notice, Locale.ENGLISH, uid));
            }
        }
    }

    /**
     * The helper of the person on the screen, when the copy can be theirs: its writer is not known
     * (file events on macOS do not say who wrote), was root (sudo), or is them.
     */
    private Optional<HelperLink<MacSession>> whoseCopy(Long writer) {
        Optional<MacSession> console = seen.stream().filter(MacSession::onConsole).findFirst();
        if (console.isEmpty()) {
            LOG.warn("nobody is logged in at the screen: nobody is asked or told");
            return Optional.empty();
        }
        MacSession person = console.get();
        if (writer != null && writer != 0 && writer != person.uid()) {
            LOG.warn("the copy was written by uid {}, not by {} at the screen: nobody is asked or told", writer,
                    LogText.of(person.user()));
            return Optional.empty();
        }
        UserSocket socket = open.get(person.uid());
        Optional<HelperLink<MacSession>> link = socket == null ? Optional.empty() : socket.link();
        if (link.isEmpty()) {
            LOG.warn("{} is at the screen but no session helper of theirs is connected", LogText.of(person.user()));
        }
        return link;
    }

    // ---------------------------------------------------------------- the question of a held copy

    @Override
    public CompletionStage<Answer> ask(HeldCopy question) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        work.execute(() -> {
            try {
                synchronize();
                converse(question, answer);
            } catch (RuntimeException e) {
                LOG.warn("could not ask about copy {}: {}", question.operationId(), e.getMessage());
                answer.complete(Answer.unanswered(OverrideOutcome.NO_SESSION, "the question could not be shown: " + e.getMessage()));
            }
        });
        return answer;
    }

    private void converse(HeldCopy held, CompletableFuture<Answer> answer) {
        Optional<HelperLink<MacSession>> person = whoseCopy(held.uid());
        if (person.isEmpty()) {
            nobody.ask(held).thenAccept(answer::complete);
            return;
        }
        HelperLink<MacSession> link = person.get();
        MacSession session = link.session();
        Actor who = new Actor(session.user(), session.uid(), null, HeldCopyQuestion.PROGRAM, null);
        HeldCopyQuestion.ask(held, link, who, new NoticeTexts(overrides.get()), answer, clock, deadlines)
                .ifPresent(asked -> LOG.info("asking {} about copy {}", LogText.of(session.user()), asked.id()));
    }

    @Override
    public CompletionStage<Optional<RequestOffer.Asked>> offerRequest(RequestOffer offer) {
        CompletableFuture<Optional<RequestOffer.Asked>> asked = new CompletableFuture<>();
        work.execute(() -> {
            try {
                Optional<HelperLink<MacSession>> person = whoseCopy(null);
                if (person.isEmpty()) {
                    asked.complete(Optional.empty());
                    return;
                }
                HelperLink<MacSession> link = person.get();
                MacSession session = link.session();
                DeviceRequestQuestion.offer(offer, link, new Actor(session.user(), session.uid(), null, HeldCopyQuestion.PROGRAM,
                        null), new NoticeTexts(overrides.get()), asked, clock, deadlines);
            } catch (RuntimeException e) {
                LOG.warn("could not offer a request for {}: {}", offer.device().shortName(), e.getMessage());
                asked.complete(Optional.empty());
            }
        });
        return asked;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        work.shutdownNow();
        deadlines.shutdownNow();
        for (UserSocket socket : open.values()) {
            socket.close();
        }
        open.clear();
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
