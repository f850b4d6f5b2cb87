package io.mamori.agent.platform.macos;

import io.mamori.agent.desktop.Frames;
import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.platform.common.HelperLink;
import io.mamori.agent.platform.common.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GUI user's socket, {@code <socket folder>/<uid>.sock}: the file is theirs with mode 0600 in
 * a folder that is root's (the daemon's), mode 0711 (passable, not listable, writable by nobody
 * else). Each client is checked before anything is read from it: the kernel's word on its user
 * ({@code SO_PEERCRED}; on macOS the JDK asks {@code getpeereid}, in
 * src/jdk.net/macosx/native/libextnet/MacOSXSocketOptions.c) must be the socket's user — root
 * too is refused. Then its hello, within {@code helloLimit}; then it is the user's
 * {@link HelperLink} until it goes, and the next client is taken. A client that fails a check is
 * disconnected with a log line saying why.
 */
final class UserSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UserSocket.class);

    private final MacSession session;
    private final Path folder;
    private final Duration helloLimit;
    private final long ownUid;
    private final ExecutorService hellos;
    private volatile ServerSocketChannel server;
    private volatile HelperLink<MacSession> link;
    private volatile boolean closed;

    UserSocket(MacSession session, Path folder, Duration helloLimit, long ownUid) {
        this.session = session;
        this.folder = folder;
        this.helloLimit = helloLimit;
        this.ownUid = ownUid;
        this.hellos = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "mamori-helper-" + session.uid() + "-hello"));
    }

    MacSession session() {
        return session;
    }

    boolean isClosed() {
        return closed;
    }

    /** The helper connected now, if any. */
    Optional<HelperLink<MacSession>> link() {
        HelperLink<MacSession> current = link;
        return current != null && current.isOpen() ? Optional.of(current) : Optional.empty();
    }

    /** Where the socket of user {@code uid} is. */
    static Path path(Path folder, long uid) {
        return folder.resolve(uid + ".sock");
    }

    void open() throws IOException {
        checkFolder(folder, ownUid);
        Path socket = path(folder, session.uid());
        Files.deleteIfExists(socket); // left by a daemon that was killed; the folder is ours alone
        ServerSocketChannel made = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            made.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            if (session.uid() != ownUid) {
                Files.setAttribute(socket, "unix:uid", (int) session.uid(), LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | RuntimeException e) {
            made.close();
            Files.deleteIfExists(socket);
            throw e;
        }
        server = made;
        daemon(this::serve, "mamori-helper-" + session.uid() + "-socket").start();
        LOG.info("{} (uid {}): {} waits for the session helper", LogText.of(session.user()), session.uid(), socket);
    }

    /**
     * Makes the socket folder (mode 0711) if it is not there; one that is there must be the
     * daemon's own, not a link, and writable by it alone — otherwise someone could put their own
     * socket in a user's place, and nobody is asked.
     */
    static void checkFolder(Path folder, long ownUid) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) && !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
        }
        if (Files.isSymbolicLink(folder) || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the socket folder " + folder + " must be a folder, not a link");
        }
        Object owner = Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS);
        if (((Number) owner).longValue() != ownUid || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("the socket folder " + folder + " must be the agent's own and writable by it alone");
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x")); // not listable
        }
    }

    /** Whether a peer the kernel names {@code peerUser} may be {@code session}'s helper; empty when it may. */
    static Optional<String> peerProblem(String peerUser, MacSession session) {
        if (peerUser.equals(session.user()) || peerUser.equals(Long.toString(session.uid()))) {
            return Optional.empty(); // the JDK gives the uid as a number when the user has no name
        }
        return Optional.of("the client runs as " + LogText.of(peerUser) + ", not " + LogText.of(session.user()));
    }

    private void serve() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{}: the socket failed ({}); it is made again at the next look", LogText.of(session.user()),
                            e.getMessage());
                    close();
                }
                return;
            }
            try {
                CountDownLatch ended = new CountDownLatch(1);
                Optional<HelperLink<MacSession>> checked = check(channel, ended::countDown);
                if (checked.isEmpty()) {
                    channel.close();
                    continue;
                }
                HelperLink<MacSession> current = checked.get();
                link = current;
                current.start("mamori-helper-" + session.uid() + "-reader");
                LOG.info("{}: the session helper is connected", LogText.of(session.user()));
                ended.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                LOG.warn("{}: a client of the socket failed: {}", LogText.of(session.user()), e.getMessage());
                quietly(channel);
            }
        }
    }

    private Optional<HelperLink<MacSession>> check(SocketChannel channel, Runnable onEnd) throws IOException {
        UnixDomainPrincipal peer;
        try {
            peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | RuntimeException e) {
            return refuse("the system did not say who the client is (" + e.getMessage() + ")");
        }
        Optional<String> wrong = peerProblem(peer.user().getName(), session);
        if (wrong.isPresent()) {
            return refuse(wrong.get());
        }
        InputStream in = Channels.newInputStream(channel);
        Map<String, String> hello;
        Future<Map<String, String>> reading = hellos.submit(() -> Frames.read(in));
        try {
            hello = reading.get(helloLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            channel.close(); // ends the read
            reading.cancel(true);
            return refuse("no hello within " + helloLimit.toMillis() + " ms");
        } catch (ExecutionException e) {
            return refuse("its hello could not be read: " + LogText.of(String.valueOf(e.getCause().getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (!Prompt.HELLO.equals(hello.get(Prompt.TYPE))) {
            return refuse("its first message is not a hello (type " + LogText.of(hello.get(Prompt.TYPE)) + ")");
        }
        LOG.info("{}: the helper says it is process {}", LogText.of(session.user()), LogText.of(hello.get(Prompt.PID)));
        Locale locale = "ja".equals(hello.get(Prompt.LOCALE)) ? Locale.JAPANESE : Locale.ENGLISH;
        return Optional.of(new HelperLink<>(session, LogText.of(session.user()), null, HelperLink.Conduit.SOCKET, locale, in, channel, onEnd));
    }

    private Optional<HelperLink<MacSession>> refuse(String why) {
        LOG.warn("{}: a client of the socket was refused and disconnected: {}", LogText.of(session.user()), why);
        return Optional.empty();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        HelperLink<MacSession> current = link;
        if (current != null) {
            current.close();
        }
        try {
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(path(folder, session.uid()));
        } catch (IOException e) {
            LOG.debug("closing the socket of {}: {}", LogText.of(session.user()), e.getMessage());
        }
        hellos.shutdownNow();
    }

    private static void quietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a client: {}", e.getMessage());
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
