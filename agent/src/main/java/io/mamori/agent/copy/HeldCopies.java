package io.mamori.agent.copy;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.notify.HeldCopy;
import io.mamori.agent.notify.Notifier;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.finding.ClassificationSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies held ({@code WARN_OVERRIDE}) for the employee's answer. Their files are already in
 * quarantine; the employee is asked once per copy operation, when it has settled (ended, every file
 * decided), in one question for all its files. The first outcome counts: the answer, or no answer by
 * the time-out (counted from the first held file), which leaves them quarantined, as a block.
 * Continued, the files are written back ({@link GiveBacks}). Holds are kept in the
 * {@link HoldJournal} so that a restart takes them up again (not asked again: their time-outs run on).
 */
final class HeldCopies {

    private static final Logger LOG = LoggerFactory.getLogger(HeldCopies.class);
    /** How often a held copy whose files are still coming or being decided is looked at again before it is asked about. */
    private static final Duration NOT_SETTLED_YET = Duration.ofMillis(250);

    private static final class Held {
        final List<UUID> eventIds = new ArrayList<>();
        final List<String> files = new ArrayList<>();
        final int timeoutSeconds;
        final Instant due;
        /** What the question says; null for a hold taken up from the last run, which is not asked again. */
        final CopyTally tally;

        Held(int timeoutSeconds, Instant due, CopyTally tally) {
            this.timeoutSeconds = timeoutSeconds;
            this.due = due;
            this.tally = tally;
        }
    }

    private final CopyEvents events;
    private final CopyPolicy policy;
    private final CopyOperations operations;
    private final Notifier notifier;
    private final HoldJournal journal;
    private final GiveBacks giveBacks;
    private final CopyThreads threads;
    private final Map<UUID, Held> held = new ConcurrentHashMap<>();

    HeldCopies(CopyEvents events, CopyPolicy policy, CopyOperations operations, Notifier notifier, HoldJournal journal,
            GiveBacks giveBacks, CopyThreads threads) {
        this.events = events;
        this.policy = policy;
        this.operations = operations;
        this.notifier = notifier;
        this.journal = journal;
        this.giveBacks = giveBacks;
        this.threads = threads;
    }

    /** Holds a decided file (already quarantined) for the answer to its copy operation. */
    void hold(UUID operationId, UUID eventId, FileActivity.FileWritten written, ClassificationSummary summary, int timeoutSeconds) {
        boolean first;
        synchronized (held) {
            Held operation = held.computeIfAbsent(operationId, id -> new Held(timeoutSeconds,
                    events.now().plusSeconds(timeoutSeconds), new CopyTally(written)));
            operation.eventIds.add(eventId);
            String onVolume = CopyEvents.volumePath(written);
            operation.files.add(onVolume != null ? onVolume : written.path().toString());
            if (operation.tally != null) {
                operation.tally.add(summary);
            }
            first = operation.eventIds.size() == 1;
            save();
        }
        if (first) {
            timeOutAfter(operationId, Duration.ofSeconds(timeoutSeconds));
            threads.after(operations.gap(), () -> ask(operationId));
        }
    }

    /** Takes up the holds an earlier run of the agent left waiting (their time-outs run on, or are past). */
    void resume() {
        List<HoldJournal.PendingHold> pending;
        try {
            pending = journal.load();
        } catch (RuntimeException e) {
            LOG.error("cannot read the held copies of the last run: {}", e.getMessage());
            return;
        }
        for (HoldJournal.PendingHold hold : pending) {
            Held operation = new Held(hold.timeoutSeconds(), hold.due(), null);
            operation.eventIds.addAll(hold.eventIds());
            held.put(hold.operationId(), operation);
            timeOutAfter(hold.operationId(), Duration.between(events.now(), hold.due()));
        }
        if (!pending.isEmpty()) {
            LOG.info("{} held copy operation(s) from the last run are waiting again", pending.size());
        }
    }

    private void ask(UUID operationId) {
        Held operation = held.get(operationId);
        if (operation == null || operation.tally == null) {
            return;
        }
        if (!operations.settled(operationId, events.now())) {
            threads.after(NOT_SETTLED_YET, () -> ask(operationId)); // files still coming or being decided
            return;
        }
        HeldCopy question;
        synchronized (held) {
            question = new HeldCopy(operationId, operation.tally.device, operation.files.stream().sorted().toList(),
                    operation.tally.findings, policy.overrideReasons(), operation.due, operation.tally.uid);
        }
        try {
            // settled on the timer thread: the notifier's is not held up by writing the files back
            notifier.ask(question).whenCompleteAsync((answer, failure) -> answered(operationId, answer != null ? answer
                    : Answer.unanswered(OverrideOutcome.NO_SESSION, "the question failed: " + failure)), threads.timer());
        } catch (RuntimeException e) {
            LOG.warn("could not ask about copy {}: {}", operationId, e.getMessage());
            answered(operationId, Answer.unanswered(OverrideOutcome.NO_SESSION, "the question failed: " + e.getMessage()));
        }
    }

    private void timeOutAfter(UUID operationId, Duration delay) {
        threads.after(delay, () -> timedOut(operationId));
    }

    private void timedOut(UUID operationId) {
        Held operation = held.get(operationId);
        if (operation == null) {
            return;
        }
        if (!operations.ended(operationId, events.now())) {
            timeOutAfter(operationId, operations.gap()); // files still coming: the answer is asked for the whole copy
            return;
        }
        answered(operationId, Answer.unanswered(OverrideOutcome.TIMED_OUT, "no answer within " + operation.timeoutSeconds + " s"));
    }

    /**
     * The one outcome of a held copy (the first to come). Recorded before the hold is forgotten:
     * after a crash in between it is recorded twice, never not at all.
     */
    private void answered(UUID operationId, Answer answer) {
        Held operation;
        List<UUID> eventIds;
        synchronized (held) {
            operation = held.get(operationId);
            if (operation == null) {
                return; // already settled
            }
            eventIds = List.copyOf(operation.eventIds);
        }
        boolean continued = answer.outcome() == OverrideOutcome.CONTINUED;
        String detail = answer.detail() + ": " + eventIds.size() + " held file(s) "
                + (continued ? "go back to the device" : "stay quarantined");
        events.userResponse(operationId, operation.tally == null ? null : operation.tally.device, answer, eventIds.size(), detail);
        if (continued) { // kept before the hold is forgotten: after a crash they are still written back
            giveBacks.continued(eventIds);
        }
        synchronized (held) {
            held.remove(operationId);
            save();
        }
        LOG.info("copy {}: {}", operationId, detail);
        if (continued) {
            giveBacks.writeBack(eventIds, answer);
        }
    }

    /** Called with {@code held} locked. */
    private void save() {
        List<HoldJournal.PendingHold> pending = new ArrayList<>();
        held.forEach((id, operation) -> pending.add(new HoldJournal.PendingHold(id, operation.eventIds, operation.due,
                operation.timeoutSeconds)));
        try {
            journal.save(pending);
        } catch (RuntimeException e) {
            LOG.error("cannot keep the held copies for a restart: {}", e.getMessage());
        }
    }
}
