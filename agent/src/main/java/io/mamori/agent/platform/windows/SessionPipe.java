package io.mamori.agent.platform.windows;

import io.mamori.agent.desktop.Frames;
import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.platform.common.HelperLink;
import io.mamori.agent.platform.common.LogText;
import java.io.IOException;
import java.nio.channels.Channels;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interactive session's pipe: made with its name and DACL ({@link PipeSecurity}), announced to
 * the session's helper ({@link PipeAnnouncer}), and served on a thread of its own: each client is
 * checked ({@link PeerCheck}: the client's session first, then its hello within
 * {@code helloLimit}) and either becomes the session's {@link HelperLink} or is disconnected with
 * a log line saying why. When the link ends the pipe waits for the next client (a helper that
 * restarted, or reconnects after the service did).
 */
final class SessionPipe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionPipe.class);

    private final WindowsSession session;
    private final PipeNative pipes;
    private final PipeAnnouncer announcer;
    private final SecureRandom random;
    private final Duration helloLimit;
    private final ExecutorService hellos;
    private volatile PipeNative.Endpoint endpoint;
    private volatile HelperLink<WindowsSession> link;
    private volatile boolean closed;

    SessionPipe(WindowsSession session, PipeNative pipes, PipeAnnouncer announcer, SecureRandom random, Duration helloLimit) {
        this.session = session;
        this.pipes = pipes;
        this.announcer = announcer;
        this.random = random;
        this.helloLimit = helloLimit;
        this.hellos = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "mamori-session-" + session.id() + "-hello"));
    }

    WindowsSession session() {
        return session;
    }

    boolean isClosed() {
        return closed;
    }

    /** The helper connected now, if any. */
    Optional<HelperLink<WindowsSession>> link() {
        HelperLink<WindowsSession> current = link;
        return current != null && current.isOpen() ? Optional.of(current) : Optional.empty();
    }

    void open() throws IOException {
        String name = PipeSecurity.pipeName(session.id(), random);
        endpoint = pipes.create(name, PipeSecurity.sddl(session.sid()));
        try {
            announcer.announce(session, name);
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw new IOException("could not announce the pipe of session " + session.id() + ": " + e.getMessage(), e);
        }
        daemon(this::serve, "mamori-session-" + session.id() + "-pipe").start();
        LOG.info("session {} ({}, {}): its pipe waits for the session helper", session.id(), LogText.of(session.station()),
                LogText.of(session.account()));
    }

    private void serve() {
        while (!closed) {
            try {
                endpoint.awaitClient();
                if (closed) {
                    return;
                }
                CountDownLatch ended = new CountDownLatch(1);
                Optional<HelperLink<WindowsSession>> checked = check(ended::countDown);
                if (checked.isEmpty()) {
                    endpoint.disconnect();
                    continue;
                }
                HelperLink<WindowsSession> current = checked.get();
                link = current;
                current.start("mamori-session-" + session.id() + "-reader");
                LOG.info("session {}: the session helper (process {}) is connected", session.id(), current.pid());
                ended.await();
                if (!closed) {
                    endpoint.disconnect();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("session {}: its pipe failed ({}); it is closed until the session changes", session.id(), e.getMessage());
                    close();
                }
                return;
            }
        }
    }

    private Optional<HelperLink<WindowsSession>> check(Runnable onEnd) throws IOException {
        int clientSession;
        long clientPid;
        try {
            clientSession = endpoint.clientSessionId();
            clientPid = endpoint.clientProcessId();
        } catch (IOException e) {
            return refuse("Windows did not say who the client is (" + e.getMessage() + ")");
        }
        Optional<String> wrong = PeerCheck.clientSession(session.id(), clientSession);
        if (wrong.isPresent()) {
            return refuse(wrong.get() + " (process " + clientPid + ")");
        }
        Map<String, String> hello;
        Future<Map<String, String>> reading = hellos.submit(() -> Frames.read(endpoint.in()));
        try {
            hello = reading.get(helloLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reading.cancel(true);
            return refuse("no hello within " + helloLimit.toMillis() + " ms (process " + clientPid + ")");
        } catch (ExecutionException e) {
            return refuse("its hello could not be read: " + LogText.of(String.valueOf(e.getCause().getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (!Prompt.HELLO.equals(hello.get(Prompt.TYPE))) {
            return refuse("its first message is not a hello (type " + LogText.of(hello.get(Prompt.TYPE)) + ")");
        }
        long claimed;
        try {
            claimed = Long.parseLong(hello.getOrDefault(Prompt.PID, ""));
        } catch (NumberFormatException e) {
            return refuse("its hello has no process id (" + LogText.of(hello.get(Prompt.PID)) + ")");
        }
        int sessionOfPid;
        try {
            sessionOfPid = pipes.sessionOfProcess(clientPid);
        } catch (IOException e) {
            return refuse("the session of process " + clientPid + " is not known (" + e.getMessage() + ")");
        }
        wrong = PeerCheck.hello(session.id(), clientPid, claimed, sessionOfPid);
        if (wrong.isPresent()) {
            return refuse(wrong.get());
        }
        Locale locale = "ja".equals(hello.get(Prompt.LOCALE)) ? Locale.JAPANESE : Locale.ENGLISH;
        return Optional.of(new HelperLink<>(session, "session " + session.id(), clientPid, HelperLink.Conduit.PIPE, locale, endpoint.in(),
                Channels.newChannel(endpoint.out()), onEnd));
    }

    private Optional<HelperLink<WindowsSession>> refuse(String why) {
        LOG.warn("session {}: a client of its pipe was refused and disconnected: {}", session.id(), why);
        return Optional.empty();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        HelperLink<WindowsSession> current = link;
        if (current != null) {
            current.close();
        }
        announcer.withdraw(session.id());
        try {
            if (endpoint != null) {
                endpoint.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the pipe of session {}: {}", session.id(), e.getMessage());
        }
        hellos.shutdownNow();
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
