package io.mamori.agent.log;

import io.mamori.protocol.event.Event;
import io.mamori.agent.store.SqliteFile;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every part of the agent hands its events: appends them to the operation log, and when the
 * log cannot take them (the disk is full), holds up to {@link #MAX_HELD} in memory, reports the
 * agent as degraded, and writes them in order as soon as the log takes writes again. Enforcement
 * never waits for the log.
 */
public final class EventRecorder {

    public static final int MAX_HELD = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final OperationLog log;
    private final Deque<Event> held = new ArrayDeque<>();
    private final Runnable onRecorded;
    private long lost;
    private boolean degraded;

    public EventRecorder(OperationLog log, Runnable onRecorded) {
        this.log = log;
        this.onRecorded = onRecorded;
    }

    /** Records an event: in the log now, or held until the log takes writes again. */
    public synchronized void record(Event event) {
        held.addLast(event);
        if (held.size() > MAX_HELD) {
            held.removeFirst();
            lost++;
        }
        flush();
    }

    /** Writes held events to the log; false while it still cannot take them. */
    public synchronized boolean flush() {
        boolean wrote = false;
        while (!held.isEmpty()) {
            try {
                log.append(held.peekFirst());
                held.removeFirst();
                wrote = true;
            } catch (SQLException e) {
                if (!degraded) {
                    degraded = true;
                    LOG.error("the operation log cannot take events ({}){}; holding up to {} in memory and enforcing as"
                            + " before", e.getMessage(), SqliteFile.isDiskFull(e) ? " — the disk is full" : "", MAX_HELD);
                }
                return false;
            }
        }
        if (degraded) {
            degraded = false;
            LOG.info("the operation log takes events again; every held event is written{}",
                    lost == 0 ? "" : " except " + lost + " that did not fit in memory");
        }
        if (wrote) {
            onRecorded.run();
        }
        return true;
    }

    public synchronized boolean degraded() {
        return degraded;
    }

    public synchronized int held() {
        return held.size();
    }

    /** Events that could be neither written nor held. */
    public synchronized long lost() {
        return lost;
    }
}
