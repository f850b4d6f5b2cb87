package io.mamori.agent.desktop;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The session helper: runs as the employee in their session (started at log-on), connects to the
 * agent, says hello (its process id and language), then shows what the agent sends: notices in the
 * notification area, questions in the same window as on Linux ({@link OverrideDialog}), whose
 * answers go back over the same connection. On Windows it finds the name of its session's pipe in
 * the file the agent's service wrote for it alone ({@link #announcement}); on macOS it connects to
 * its user's socket (an {@link Endpoint} of platform.macos). When the connection breaks (the agent
 * restarted, or stopped) it connects again, waiting longer after each failure (1 s doubling to
 * 30 s, with jitter). It uses nothing but the JDK.
 */
public final class SessionHelper {

    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    /** A pipe name is short; a larger announcement is not read. */
    private static final int MAX_ANNOUNCEMENT = 512;

    /** Where the helper shows things: the notification area and question windows (tests record them). */
    public interface Screen {
        void notice(String title, String text, boolean urgent);

        Window ask(Map<String, String> question, OverrideDialog.AnswerSink answers, Runnable finished) throws Exception;
    }

    /** A question's window. */
    public interface Window {
        void replied(Map<String, String> reply);

        void withdraw();
    }

    /** Opens the pipe as a file (RandomAccessFile on {@code \\.\pipe\…} on Windows). */
    @FunctionalInterface
    public interface PipeOpener {
        Connection open(String pipeName) throws IOException;
    }

    /** Where the helper connects: asked again before every attempt. */
    @FunctionalInterface
    public interface Endpoint {
        Connection connect() throws IOException;
    }

    /** Both directions of an open pipe or socket. */
    public record Connection(InputStream in, OutputStream out, Closeable closer) {
    }

    /** Waits between attempts (tests do not). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Endpoint endpoint;
    private final Screen screen;
    private final long pid;
    private final Locale locale;
    private final Sleeper sleeper;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** The Windows helper: the pipe named in {@code announcement}, opened with {@code opener}. */
    public SessionHelper(Path announcement, PipeOpener opener, Screen screen, long pid, Locale locale, Sleeper sleeper) {
        this(() -> opener.open(pipeName(announcement)), screen, pid, locale, sleeper);
    }

    public SessionHelper(Endpoint endpoint, Screen screen, long pid, Locale locale, Sleeper sleeper) {
        this.endpoint = endpoint;
        this.screen = screen;
        this.pid = pid;
        this.locale = locale;
        this.sleeper = sleeper;
    }

    /** The file that names session {@code sessionId}'s pipe, in the folder the service writes them to. */
    public static Path announcement(Path folder, int sessionId) {
        return folder.resolve("session-" + sessionId + ".pipe");
    }

    /** {@code %ProgramData%\Mamori\sessions}: the folder the service announces pipes in. */
    public static Path defaultFolder() {
        String programData = System.getenv().getOrDefault("ProgramData", "C:\\ProgramData");
        return Path.of(programData, "Mamori", "sessions");
    }

    /** Connects, serves, reconnects; returns only when interrupted, or after {@code attempts} connections (tests). */
    public void run(int attempts) throws InterruptedException {
        Duration wait = FIRST_WAIT;
        for (int attempt = 0; attempt < attempts && !Thread.currentThread().isInterrupted(); attempt++) {
            boolean served = false;
            try {
                served = connectOnce();
            } catch (IOException e) {
                System.err.println("mamori session helper: " + e.getMessage());
            }
            wait = served ? FIRST_WAIT : min(wait.multipliedBy(2), LONGEST_WAIT);
            if (attempt + 1 < attempts) {
                long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, wait.toMillis() / 5));
                sleeper.sleep(wait.plusMillis(jitter));
            }
        }
    }

    /** One connection: true when it was established and said hello (the pipe broke later). */
    boolean connectOnce() throws IOException {
        Connection connection = endpoint.connect();
        try (Closeable closer = connection.closer()) {
            WritableByteChannel out = Channels.newChannel(connection.out());
            Object writing = new Object();
            OverrideDialog.AnswerSink send = message -> {
                synchronized (writing) {
                    Frames.write(out, message);
                }
            };
            send.send(Map.of(Prompt.TYPE, Prompt.HELLO, Prompt.PID, Long.toString(pid), Prompt.LOCALE,
                    "ja".equals(locale.getLanguage()) ? "ja" : "en"));
            serve(connection.in(), send);
            return true;
        } finally {
            for (Window window : windows.values()) {
                window.withdraw(); // the service is gone: its questions are answered without us now
            }
            windows.clear();
        }
    }

    private void serve(InputStream in, OverrideDialog.AnswerSink send) {
        try {
            while (true) {
                Map<String, String> message = Frames.read(in);
                String type = message.getOrDefault(Prompt.TYPE, "");
                String id = message.getOrDefault(Prompt.ID, "");
                switch (type) {
                    case Prompt.NOTICE -> screen.notice(message.getOrDefault(Prompt.TITLE, "Mamori"),
                            message.getOrDefault(Prompt.TEXT, ""), "true".equals(message.get(Prompt.URGENT)));
                    case Prompt.QUESTION -> {
                        Map<String, String> question = new HashMap<>(message);
                        question.remove(Prompt.TYPE);
                        question.remove(Prompt.ID);
                        windows.put(id, screen.ask(question, answer -> {
                            Map<String, String> tagged = new HashMap<>(answer);
                            tagged.put(Prompt.TYPE, Prompt.ANSWER);
                            tagged.put(Prompt.ID, id);
                            send.send(tagged);
                        }, () -> windows.remove(id)));
                    }
                    case Prompt.REPLY -> {
                        Window window = windows.get(id);
                        if (window != null) {
                            window.replied(message);
                        }
                    }
                    case Prompt.WITHDRAWN -> {
                        Window window = windows.remove(id);
                        if (window != null) {
                            window.withdraw();
                        }
                    }
                    default -> System.err.println("mamori session helper: a message of unknown type ignored");
                }
            }
        } catch (Exception e) {
            // the connection broke (the agent stopped or restarted): the caller reconnects
        }
    }

    /** The pipe's name from the announcement; it must be one of the agent's session pipes. */
    private static String pipeName(Path announcement) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(announcement) > MAX_ANNOUNCEMENT) {
                throw new IOException(announcement + " is too large to be a pipe's name");
            }
            bytes = Files.readAllBytes(announcement);
        } catch (NoSuchFileException e) {
            throw new IOException("no pipe is announced yet (" + announcement + "): is the Mamori service running?");
        }
        String name = new String(bytes, StandardCharsets.UTF_8).strip();
        if (!name.matches("\\\\\\\\\\.\\\\pipe\\\\mamori-session-\\d+-[0-9a-f]{32}")) {
            throw new IOException(announcement + " does not name a Mamori session pipe");
        }
        return name;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
