package io.mamori.agent.outbox;

import io.mamori.agent.link.Backoff;
import io.mamori.agent.link.ConsoleClient;
import io.mamori.agent.link.ConsoleException;
import io.mamori.agent.log.LogRecord;
import io.mamori.agent.log.OperationLog;
import io.mamori.protocol.api.EventBatchAck;
import io.mamori.protocol.api.RejectedEvent;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the operation log's unsent tail to the console, oldest first, in batches: at-least-once —
 * a record is marked sent only when the console's answer lists it as accepted, so a crash between
 * sending and marking resends it and the console counts it once. After a failure it waits with
 * exponential back-off and jitter (or the console's Retry-After).
 */
public final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** How long an idle outbox sleeps when nothing signals it. */
    public static final Duration IDLE = Duration.ofSeconds(30);

    private final OperationLog log;
    private final ConsoleClient console;
    private final Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final int maxBatch;
    private int batch;
    private boolean signalled;
    private boolean resume;
    private volatile long roundStartedNanos;
    private volatile String lastError;

    public Outbox(OperationLog log, ConsoleClient console, Backoff backoff, int batchSize) {
        this.log = log;
        this.console = console;
        this.backoff = backoff;
        this.maxBatch = batchSize;
        this.batch = batchSize;
    }

    /** Something new is in the log: send soon. */
    public void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * One round: sends one batch if there is one.
     *
     * @return how long to wait before the next round
     */
    public Duration sendOnce() throws InterruptedException {
        roundStartedNanos = System.nanoTime();
        try {
            return round();
        } finally {
            roundStartedNanos = 0;
        }
    }

    private Duration round() throws InterruptedException {
        List<LogRecord> records;
        try {
            records = log.unsent(batch);
        } catch (SQLException e) {
            lastError = "cannot read the operation log: " + e.getMessage();
            LOG.error(lastError);
            return backoff.next(null);
        }
        if (records.isEmpty()) {
            return IDLE; // a new event signals the loop at once
        }
        try {
            EventBatchAck ack = console.events(batchOf(records));
            log.markSent(ack.accepted());
            Map<UUID, String> rejected = new LinkedHashMap<>();
            for (RejectedEvent r : ack.rejected()) {
                rejected.put(r.eventId(), r.reason());
            }
            log.markRejected(rejected);
            backoff.reset();
            lastError = null;
            batch = Math.min(maxBatch, batch * 2);
            return Duration.ZERO;
        } catch (ConsoleException e) {
            lastError = e.getMessage();
            if (e.kind() == ConsoleException.Kind.REFUSED && records.size() > 1) {
                batch = Math.max(1, records.size() / 2);
                LOG.warn("the console refused a batch of {} events ({}); trying {} at a time", records.size(), e.getMessage(), batch);
                return Duration.ZERO;
            }
            if (e.kind() == ConsoleException.Kind.REFUSED) {
                LogRecord record = records.get(0);
                try {
                    log.markRejected(Map.of(record.eventId(), e.getMessage()));
                } catch (SQLException stored) {
                    LOG.error("cannot mark event {} as refused: {}", record.eventId(), stored.getMessage());
                }
                return Duration.ZERO;
            }
            Duration wait = backoff.next(e.retryAfter());
            LOG.warn("events not delivered ({}); {} unsent, next attempt in {} s", e.getMessage(), records.size(),
                    wait.toSeconds());
            return wait;
        } catch (SQLException e) {
            lastError = "cannot mark events as sent: " + e.getMessage();
            LOG.error(lastError);
            return backoff.next(null);
        }
    }

    /**
     * The console answered something else (a heartbeat): if the outbox is backing off, try again
     * now instead of at the end of its wait.
     */
    public void consoleReachable() {
        lock.lock();
        try {
            resume = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends until stopped. Between rounds it waits for new events; after a failure it waits out
     * its back-off — new events do not shorten it, a sign of life from the console does.
     */
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Duration wait = sendOnce();
                if (wait.isZero()) {
                    continue;
                }
                long deadline = System.nanoTime() + wait.toNanos();
                lock.lock();
                try {
                    while (true) {
                        if (resume && backoff.failures() > 0) {
                            backoff.reset();
                            break;
                        }
                        if (signalled && backoff.failures() == 0) {
                            break;
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        wake.awaitNanos(left);
                    }
                    signalled = false;
                    resume = false;
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * When the round in progress started (System.nanoTime), or 0 between rounds: a round that
     * lasts far longer than a request's time limit is stuck, which is what the watchdog looks for.
     */
    public long roundStartedNanos() {
        return roundStartedNanos;
    }

    public String lastError() {
        return lastError;
    }

    private static byte[] batchOf(List<LogRecord> records) {
        StringBuilder body = new StringBuilder(records.size() * 800 + 16).append("{\"events\":[");
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(records.get(i).document());
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
