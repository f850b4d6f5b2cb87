package io.mamori.agent.platform.windows;

import io.mamori.agent.desktop.Frames;
import io.mamori.agent.desktop.Prompt;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session helper that passed the peer check, on its session's pipe: the agent sends it notices
 * and questions (each with its id) and it sends back answers. Anything else from it — a frame too
 * large or cut short, a message that is not an answer — ends the link: every question still open
 * on it is lost (answered NO_SESSION by its owner), and the pipe waits for a helper again.
 */
final class HelperLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HelperLink.class);

    /** A question open on this link. */
    interface Question {
        void answered(Map<String, String> said);

        /** The link ended before an answer was taken. */
        void lost(String why);
    }

    private final WindowsSession session;
    private final long pid;
    private final Locale locale;
    private final InputStream in;
    private final WritableByteChannel out;
    private final Runnable onClosed;
    private final Map<String, Question> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    HelperLink(WindowsSession session, long pid, Locale locale, InputStream in, OutputStream out, Runnable onClosed) {
        this.session = session;
        this.pid = pid;
        this.locale = locale;
        this.in = in;
        this.out = Channels.newChannel(out);
        this.onClosed = onClosed;
    }

    WindowsSession session() {
        return session;
    }

    long pid() {
        return pid;
    }

    Locale locale() {
        return locale;
    }

    boolean isOpen() {
        return !closed;
    }

    /** Starts reading the helper's messages on a thread of its own. */
    void start() {
        Thread reader = new Thread(this::read, "mamori-session-" + session.id() + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    synchronized void send(Map<String, String> message) throws IOException {
        if (closed) {
            throw new IOException("the session helper of session " + session.id() + " is gone");
        }
        Frames.write(out, message);
    }

    void expect(String id, Question question) {
        open.put(id, question);
        if (closed) {
            lose(id, "the session helper went away");
        }
    }

    void forget(String id) {
        open.remove(id);
    }

    private void read() {
        try {
            while (!closed) {
                Map<String, String> said = Frames.read(in);
                if (!Prompt.ANSWER.equals(said.get(Prompt.TYPE))) {
                    end("it sent a message that is not an answer (type " + LogText.of(said.get(Prompt.TYPE)) + ")");
                    return;
                }
                Question question = open.get(String.valueOf(said.get(Prompt.ID)));
                if (question == null) {
                    LOG.info("session {}: an answer to a question that is no longer open ({}); ignored", session.id(),
                            LogText.of(said.get(Prompt.ID)));
                    continue;
                }
                question.answered(said);
            }
        } catch (java.io.EOFException e) {
            end("it closed the pipe");
        } catch (IOException | RuntimeException e) {
            end("its pipe failed: " + LogText.of(String.valueOf(e.getMessage())));
        }
    }

    private void end(String why) {
        if (!closed) {
            LOG.warn("session {}: the session helper (process {}) is disconnected: {}", session.id(), pid, why);
        }
        close(why);
    }

    @Override
    public void close() {
        close("the agent closed the session's pipe");
    }

    private void close(String why) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (String id : open.keySet()) {
            lose(id, why);
        }
        onClosed.run();
    }

    private void lose(String id, String why) {
        Question question = open.remove(id);
        if (question != null) {
            question.lost(why);
        }
    }
}
