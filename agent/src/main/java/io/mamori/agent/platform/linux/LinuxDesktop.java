package io.mamori.agent.platform.linux;

import io.mamori.agent.platform.common.Programs;
import io.mamori.agent.desktop.Frames;
import io.mamori.agent.desktop.OverrideDialog;
import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.AnswerCheck;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.LoggingNotifier;
import io.mamori.agent.notify.Notice;
import io.mamori.agent.notify.NoticeTexts;
import io.mamori.agent.notify.Notifier;
import io.mamori.agent.notify.Session;
import io.mamori.agent.notify.Sessions;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.policy.LocalizedText;
import io.mamori.protocol.policy.OverrideReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells and asks the person at a Linux desktop. Notices go to their desktop's notifications
 * (org.freedesktop.Notifications on their session bus, through {@code gdbus}, run as them); the
 * question of a held copy is a small window ({@link OverrideDialog}) started in their session, as
 * them, which talks to the agent over a Unix socket that only they can open: the socket file is
 * theirs with mode 0600 in a folder nobody can list, and the agent checks the peer's user on the
 * connection. Texts are in the language of their session. Where no session of the person can be
 * found, the notice is logged and the question answered NO_SESSION ({@link LoggingNotifier}).
 */
public final class LinuxDesktop implements Notifier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxDesktop.class);
    private static final Duration NOTIFY_LIMIT = Duration.ofSeconds(10);
    /** The dialog is given this much longer to close itself before it is stopped. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Sessions sessions;
    private final Supplier<Map<String, LocalizedText>> overrides;
    private final Path socketDir;
    private final Clock clock;
    private final LoggingNotifier nobody;
    private final ExecutorService telling;
    private final ExecutorService asking;
    private final ScheduledExecutorService deadlines;
    private final SecureRandom random = new SecureRandom();
    private final long ownUid;

    /**
     * @param overrides the policy's texts, by message key
     * @param socketDir where the dialogs' sockets are made (created, mode 0711: passable, not listable)
     */
    public LinuxDesktop(Sessions sessions, Supplier<Map<String, LocalizedText>> overrides, Path socketDir, Clock clock) {
        this.sessions = sessions;
        this.overrides = overrides;
        this.socketDir = socketDir;
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
        this.ownUid = uid;
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
                Programs.run(asPerson(session, List.of(Programs.find("gdbus"), "call", "--session", "--timeout", "5",
                        "--dest", "org.freedesktop.Notifications", "--object-path", "/org/freedesktop/Notifications",
                        "--method", "org.freedesktop.Notifications.Notify", "--", variant(texts.template("title", session.locale())),
                        "0", variant(urgent ? "dialog-error" : "dialog-information"),
                        variant(texts.template("title", session.locale())), variant(body), "[]",
                        "{'urgency': <byte " + (urgent ? 2 : 1) + ">}", "-1")), environment(session), NOTIFY_LIMIT);
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

    /** The command run as the person (the agent runs as root), or as it is when the agent already is them. */
    private List<String> asPerson(Session session, List<String> command) {
        if (session.uid() == ownUid) {
            return command;
        }
        List<String> as = new ArrayList<>(List.of(Programs.find("setpriv"), "--reuid=" + session.uid(), "--regid=" + session.gid(),
                "--init-groups", "--"));
        as.addAll(command);
        return as;
    }

    /** Exactly what a program in the person's session needs; nothing of the agent's own environment. */
    private static Map<String, String> environment(Session session) {
        Map<String, String> environment = new LinkedHashMap<>(session.environment());
        environment.put("HOME", session.home().toString());
        environment.put("USER", session.user());
        environment.put("LOGNAME", session.user());
        environment.put("PATH", PATH);
        return environment;
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
        Path socket = socketFor(session);
        List<AutoCloseable> open = new CopyOnWriteArrayList<>(); // closed from the deadline's and the window's threads too
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            if (session.uid() != ownUid) {
                Files.setAttribute(socket, "unix:uid", (int) session.uid());
                Files.setAttribute(socket, "unix:gid", (int) session.gid());
            }
            open.add(server);
            Process dialog = startDialog(session, socket);
            open.add(dialog::destroyForcibly);
            // time up: everything is closed, which ends the conversation and closes the window
            deadlines.schedule(() -> {
                if (answer.complete(Answer.unanswered(OverrideOutcome.TIMED_OUT, "no answer within the time given"))) {
                    LOG.info("copy {}: {} did not answer in time", question.operationId(), session.user());
                }
                closeAll(open);
            }, secondsLeft, TimeUnit.SECONDS);
            deadlines.schedule(() -> dialog.destroyForcibly(), secondsLeft + GRACE.toSeconds(), TimeUnit.SECONDS);
            dialog.onExit().thenRun(() -> {
                if (answer.complete(Answer.unanswered(OverrideOutcome.NO_SESSION, "the question window ended without an answer"
                        + " (exit code " + dialog.exitValue() + ")"))) {
                    LOG.warn("copy {}: the question window for {} ended without an answer", question.operationId(), session.user());
                    closeAll(open);
                }
            });
            SocketChannel channel = acceptFrom(server, session);
            open.add(channel);
            NoticeTexts texts = new NoticeTexts(overrides.get());
            Frames.write(channel, texts.question(question, session.locale(), secondsLeft));
            InputStream in = Channels.newInputStream(channel);
            while (!answer.isDone()) {
                Map<String, String> said = Frames.read(in);
                Optional<String> problem = problem(said, question.reasons(), texts, session);
                if (problem.isPresent()) {
                    Frames.write(channel, Map.of(Prompt.RESULT, Prompt.INVALID, Prompt.PROBLEM, problem.get()));
                    continue;
                }
                boolean continued = Prompt.CONTINUED.equals(said.get(Prompt.OUTCOME));
                String text = said.getOrDefault(Prompt.REASON_TEXT, "").strip();
                Actor who = new Actor(session.user(), session.uid(), dialog.pid(), "mamori-dialog");
                Answer given = continued
                        ? new Answer(OverrideOutcome.CONTINUED, said.get(Prompt.REASON_ID), text.isEmpty() ? null : text, who,
                                session.user() + " continued the copy")
                        : new Answer(OverrideOutcome.CANCELLED, null, null, who, session.user() + " cancelled the copy");
                if (answer.complete(given)) {
                    Frames.write(channel, Map.of(Prompt.RESULT, Prompt.ACCEPTED));
                    LOG.info("copy {}: {} answered {}{}", question.operationId(), session.user(), given.outcome(),
                            continued ? " (" + given.reasonId() + ")" : "");
                }
            }
        } catch (IOException e) {
            if (!answer.isDone()) {
                throw e;
            }
            // closed at the deadline, or the window went away after the answer
        } finally {
            closeAll(open);
            Files.deleteIfExists(socket);
        }
    }

    /** Why an answer cannot be taken, in the person's language; empty when it can ({@link AnswerCheck}, shared with Windows). */
    static Optional<String> problem(Map<String, String> said, List<OverrideReason> reasons, NoticeTexts texts,
            Session session) {
        return AnswerCheck.problem(said, reasons, texts, session.locale());
    }

    /** The first connection that comes from the person (or root); anyone else's is closed. */
    private static SocketChannel acceptFrom(ServerSocketChannel server, Session session) throws IOException {
        while (true) {
            SocketChannel channel = server.accept();
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String user = peer.user().getName();
            if (user.equals(session.user()) || user.equals("root")) {
                return channel;
            }
            LOG.warn("a connection to the question of {} came from {}; refused", session.user(), user);
            channel.close();
        }
    }

    /**
     * A new socket name in the socket folder. The folder is made (mode 0711) if it is not there; one
     * that is there must be the agent's own and writable by it alone, or nobody is asked (a folder
     * others can write to would let them put something in the socket's place).
     */
    private Path socketFor(Session session) throws IOException {
        if (!Files.isDirectory(socketDir)) {
            Files.createDirectories(socketDir);
            Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Object owner = Files.getAttribute(socketDir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(socketDir, LinkOption.NOFOLLOW_LINKS);
        if (((Number) owner).longValue() != ownUid || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE) || Files.isSymbolicLink(socketDir)) {
            throw new IOException("the socket folder " + socketDir + " must be the agent's own and writable by it alone"
                    + " (media.desktop-socket-dir)");
        }
        byte[] name = new byte[16];
        random.nextBytes(name);
        return socketDir.resolve(session.uid() + "-" + HexFormat.of().formatHex(name) + ".sock");
    }

    private Process startDialog(Session session, Path socket) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = asPerson(session, List.of(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx64m", "-XX:-UsePerfData", "-Djava.awt.headless=false", "-cp", dialogClassPath(),
                OverrideDialog.class.getName(), socket.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment(session));
        builder.directory(Files.isDirectory(session.home()) ? session.home().toFile() : new java.io.File("/"));
        Process process = builder.start();
        Thread output = daemon(() -> logOutput(process.getInputStream(), session), "mamori-dialog-output");
        output.start();
        LOG.info("asking {} on display {} (window process {})", session.user(),
                session.environment().getOrDefault("DISPLAY", session.environment().get("WAYLAND_DISPLAY")), process.pid());
        return process;
    }

    /** Where the dialog's class is: the agent's jar (or classes folder), which uses only the JDK. */
    private static String dialogClassPath() {
        try {
            return Path.of(OverrideDialog.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the agent's own code has no file location", e);
        }
    }

    private static void logOutput(InputStream in, Session session) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int logged = 0;
            for (String line; (line = lines.readLine()) != null; ) {
                if (logged++ < 50) {
                    LOG.info("question window of {}: {}", session.user(), line);
                }
            }
        } catch (IOException e) {
            // the window's process ended
        }
    }

    private static void closeAll(List<AutoCloseable> open) {
        for (AutoCloseable closeable : List.copyOf(open)) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        telling.shutdownNow();
        asking.shutdownNow();
        deadlines.shutdownNow();
    }
}
