package io.mamori.agent.platform.macos;

import io.mamori.agent.desktop.Frames;
import io.mamori.agent.desktop.Prompt;
import io.mamori.agent.platform.common.LogText;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session helper that passed the peer check on its user's socket: the daemon sends it notices
 * and questions (each with its id) and it sends back answers — the Windows session helper's
 * protocol ({@link Prompt}), over a Unix socket here. Anything else from it (a frame too large or
 * cut short, a message that is not an answer) ends the link: every question still open on it is
 * lost (answered NO_SESSION by its owner), and the socket waits for a helper again. Writes go to
 * the channel itself, reads through a stream on another thread (a stream's write would wait for
 * that read, see {@link Frames#write}).
 */
final class HelperLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HelperLink.class);

    /** A question open on this link. */
    interface Question {
        void answered(Map<String, String> said);

        /** The link ended before an answer was taken. */
        void lost(String why);
    }

    private final MacSession session;
    private final Locale locale;
    private final InputStream in;
    private final SocketChannel channel;
    private final Runnable onClosed;
    private final Map<String, Question> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    HelperLink(MacSession session, Locale locale, InputStream in, SocketChannel channel, Runnable onClosed) {
        this.session = session;
        this.locale = locale;
        this.in = in;
        this.channel = channel;
        this.onClosed = onClosed;
    }

    MacSession session() {
        return session;
    }

    Locale locale() {
        return locale;
    }

    boolean isOpen() {
        return !closed;
    }

    /** Starts reading the helper's messages on a thread of its own. */
    void start() {
        Thread reader = new Thread(this::read, "mamori-helper-" + session.uid() + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    synchronized void send(Map<String, String> message) throws IOException {
        if (closed) {
            throw new IOException("the session helper of " + LogText.of(session.user()) + " is gone");
        }
        Frames.write(channel, message);
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
                    LOG.info("{}: an answer to a question that is no longer open ({}); ignored", LogText.of(session.user()),
                            LogText.of(said.get(Prompt.ID)));
                    continue;
                }
                question.answered(said);
            }
        } catch (EOFException e) {
            end("it closed the connection");
        } catch (IOException | RuntimeException e) {
            end("its connection failed: " + LogText.of(String.valueOf(e.getMessage())));
        }
    }

    private void end(String why) {
        if (!closed) {
            LOG.warn("the session helper of {} is disconnected: {}", LogText.of(session.user()), why);
        }
        close(why);
    }

    @Override
    public void close() {
        close("the agent closed the user's socket");
    }

    private void close(String why) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the helper's connection: {}", e.getMessage());
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
