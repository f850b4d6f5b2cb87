package io.mamori.agent.platform.common;

import io.mamori.agent.desktop.Frames;
import io.mamori.agent.desktop.Prompt;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.WritableByteChannel;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session helper that passed its platform's peer check (a Windows session's pipe, a Mac user's
 * socket): the agent sends it notices and questions (each with its id) and it sends back answers
 * ({@link Prompt}). Anything else from it (a frame too large or cut short, a message that is not
 * an answer) ends the link: every question still open on it is lost (answered NO_SESSION by its
 * owner), and the pipe or socket waits for a helper again. One class for both platforms because
 * the protocol and its failure rules are the same; what differs is passed in. Writes go to
 * {@code out}, reads come from {@code in} on a thread of their own (see {@link Frames#write}).
 *
 * @param <S> the platform's session, for the desktop that asks
 */
public final class HelperLink<S> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HelperLink.class);

    /** A question open on this link. */
    public interface Question {
        void answered(Map<String, String> said);

        /** The link ended before an answer was taken. */
        void lost(String why);
    }

    /**
     * What the helper is connected by, as the reasons a lost question is given name it (they reach
     * the records), and whether the link closes it: a pipe's owner disconnects it and serves the
     * next client on it, a socket connection is the helper's alone.
     */
    public enum Conduit {
        PIPE("pipe", "the agent closed the session's pipe", false),
        SOCKET("connection", "the agent closed the user's socket", true);

        private final String noun;
        private final String closedByAgent;
        private final boolean closedWithLink;

        Conduit(String noun, String closedByAgent, boolean closedWithLink) {
            this.noun = noun;
            this.closedByAgent = closedByAgent;
            this.closedWithLink = closedWithLink;
        }
    }

    private final S session;
    private final String who;
    private final Long pid;
    private final Conduit conduit;
    private final Locale locale;
    private final InputStream in;
    private final WritableByteChannel out;
    private final Runnable onClosed;
    private final Map<String, Question> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param who      the helper's side in log lines and messages, fit for a log ("session 3", or a
     *                 user name through {@link LogText})
     * @param pid      the helper's process id where the OS vouched for it, else null
     * @param onClosed run once when the link ends, whoever ends it
     */
    public HelperLink(S session, String who, Long pid, Conduit conduit, Locale locale, InputStream in, WritableByteChannel out,
            Runnable onClosed) {
        this.session = session;
        this.who = who;
        this.pid = pid;
        this.conduit = conduit;
        this.locale = locale;
        this.in = in;
        this.out = out;
        this.onClosed = onClosed;
    }

    public S session() {
        return session;
    }

    /** The helper's side, fit for a log line. */
    public String who() {
        return who;
    }

    /** The helper's process id where the OS vouched for it, else null. */
    public Long pid() {
        return pid;
    }

    public Locale locale() {
        return locale;
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Starts reading the helper's messages on a thread of its own, named by the owner. */
    public void start(String threadName) {
        Thread reader = new Thread(this::read, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    public synchronized void send(Map<String, String> message) throws IOException {
        if (closed) {
            throw new IOException("the session helper of " + who + " is gone");
        }
        Frames.write(out, message);
    }

    /**
     * Sends a message about one question ({@link Prompt#REPLY} or {@link Prompt#WITHDRAWN}); a helper
     * that cannot be reached any more is only logged: its window is gone with it.
     */
    public void sendAbout(String questionId, String type, Map<String, String> content) {
        Map<String, String> message = new java.util.HashMap<>(content);
        message.put(io.mamori.agent.desktop.Prompt.TYPE, type);
        message.put(io.mamori.agent.desktop.Prompt.ID, questionId);
        try {
            send(message);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(HelperLink.class).debug("{} {}: {}", type, questionId, e.getMessage());
        }
    }

    public void expect(String id, Question question) {
        open.put(id, question);
        if (closed) {
            lose(id, "the session helper went away");
        }
    }

    public void forget(String id) {
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
                    LOG.info("{}: an answer to a question that is no longer open ({}); ignored", who, LogText.of(said.get(Prompt.ID)));
                    continue;
                }
                question.answered(said);
            }
        } catch (EOFException e) {
            end("it closed the " + conduit.noun);
        } catch (IOException | RuntimeException e) {
            end("its " + conduit.noun + " failed: " + LogText.of(String.valueOf(e.getMessage())));
        }
    }

    private void end(String why) {
        if (!closed) {
            LOG.warn("{}: the session helper{} is disconnected: {}", who, pid == null ? "" : " (process " + pid + ")", why);
        }
        close(why);
    }

    @Override
    public void close() {
        close(conduit.closedByAgent);
    }

    private void close(String why) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (conduit.closedWithLink) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debug("closing the helper's connection: {}", e.getMessage());
            }
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
