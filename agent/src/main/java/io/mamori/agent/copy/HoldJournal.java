package io.mamori.agent.copy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where {@link HeldCopies} keep the copies held for the employee's answer, so that a restart does not
 * forget them: their files stay quarantined either way, but without the answer (or its time-out)
 * recorded no reviewer would ever see them.
 */
public interface HoldJournal {

    /**
     * One held copy operation.
     *
     * @param operationId    the copy operation
     * @param eventIds       the FILE_WRITTEN events of its held files
     * @param due            when the wait ends if no answer comes
     * @param timeoutSeconds the wait the policy gave
     */
    record PendingHold(UUID operationId, List<UUID> eventIds, Instant due, int timeoutSeconds) {
        public PendingHold {
            eventIds = List.copyOf(eventIds);
        }
    }

    List<PendingHold> load();

    void save(List<PendingHold> holds);

    /** Held files the employee continued while their device was away: written back when it is mounted again. */
    List<UUID> loadGiveBacks();

    void saveGiveBacks(List<UUID> eventIds);
}
