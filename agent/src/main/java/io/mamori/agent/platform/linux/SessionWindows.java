package io.mamori.agent.platform.linux;

import io.mamori.agent.desktop.Frames;
import io.mamori.agent.desktop.OverrideDialog;
import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.notify.Session;
import io.mamori.agent.platform.common.Programs;
import io.mamori.protocol.event.Actor;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A window in the person's graphical session ({@link OverrideDialog}: the question of a held copy,
 * or the offer to ask for a device), started as them, talking to the agent over a Unix socket that
 * only they can open: the socket file is theirs with mode 0600 in a folder nobody can list, and the
 * peer's user is checked on the connection. {@link LinuxDesktop} says what is asked and what an
 * answer means ({@link Conversation}); this class holds the conversation.
 */
final class SessionWindows {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWindows.class);
    /** The window is given this much longer to close itself before it is stopped. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Path socketDir;
    private final long ownUid;
    private final ScheduledExecutorService deadlines;
    private final SecureRandom random = new SecureRandom();

    SessionWindows(Path socketDir, long ownUid, ScheduledExecutorService deadlines) {
        this.socketDir = socketDir;
        this.ownUid = ownUid;
        this.deadlines = deadlines;
    }

    /** One window's conversation: what is asked is sent; each answer is checked, then taken once. */
    interface Conversation {
        /** Why the answer cannot be taken, in the person's language; empty when it can. */
        Optional<String> problem(Map<String, String> said);

        /** Takes the answer; true when it was the first. */
        boolean take(Map<String, String> said, Actor who);

        boolean done();

        /** The time to answer is up. */
        void timedOut();

        /** The window's process ended; true when that ended the conversation unanswered. */
        boolean ended(int exitCode);
    }

    /**
     * Starts the window ({@link OverrideDialog}) as the person, over a socket only they can open,
     * and holds the conversation until it is taken, the time is up, or the window ends.
     */
    void talk(Session session, Map<String, String> question, long secondsLeft, Conversation conversation)
            throws IOException {
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
                conversation.timedOut();
                closeAll(open);
            }, secondsLeft, TimeUnit.SECONDS);
            deadlines.schedule(() -> dialog.destroyForcibly(), secondsLeft + GRACE.toSeconds(), TimeUnit.SECONDS);
            dialog.onExit().thenRun(() -> {
                if (conversation.ended(dialog.exitValue())) {
                    closeAll(open);
                }
            });
            SocketChannel channel = acceptFrom(server, session);
            open.add(channel);
            Frames.write(channel, question);
            InputStream in = Channels.newInputStream(channel);
            while (!conversation.done()) {
                Map<String, String> said = Frames.read(in);
                Optional<String> problem = conversation.problem(said);
                if (problem.isPresent()) {
                    Frames.write(channel, Map.of(Prompt.RESULT, Prompt.INVALID, Prompt.PROBLEM, problem.get()));
                    continue;
                }
                if (conversation.take(said, new Actor(session.user(), session.uid(), dialog.pid(), "mamori-dialog"))) {
                    Frames.write(channel, Map.of(Prompt.RESULT, Prompt.ACCEPTED));
                }
            }
        } catch (IOException e) {
            if (!conversation.done()) {
                throw e;
            }
            // closed at the deadline, or the window went away after the answer
        } finally {
            closeAll(open);
            Files.deleteIfExists(socket);
        }
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
        Thread output = new Thread(() -> logOutput(process.getInputStream(), session), "mamori-dialog-output");
        output.setDaemon(true);
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

    /** The command run as the person (the agent runs as root), or as it is when the agent already is them. */
    List<String> asPerson(Session session, List<String> command) {
        if (session.uid() == ownUid) {
            return command;
        }
        List<String> as = new ArrayList<>(List.of(Programs.find("setpriv"), "--reuid=" + session.uid(), "--regid=" + session.gid(),
                "--init-groups", "--"));
        as.addAll(command);
        return as;
    }

    /** Exactly what a program in the person's session needs; nothing of the agent's own environment. */
    static Map<String, String> environment(Session session) {
        Map<String, String> environment = new LinkedHashMap<>(session.environment());
        environment.put("HOME", session.home().toString());
        environment.put("USER", session.user());
        environment.put("LOGNAME", session.user());
        environment.put("PATH", PATH);
        return environment;
    }
}
