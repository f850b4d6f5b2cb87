package io.mamori.agent.copy;

import io.mamori.agent.media.Volume;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.quarantine.QuarantinedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Held files the employee continued, written back onto their device. When the device was removed
 * meanwhile they wait — kept across restarts in the {@link HoldJournal} — and are written back when
 * it is mounted again ({@link #to(Volume)}).
 */
final class GiveBacks {

    private static final Logger LOG = LoggerFactory.getLogger(GiveBacks.class);

    private final Supplier<QuarantineStore> quarantine;
    private final WriteBack writeBack;
    private final CopyEvents events;
    private final HoldJournal journal;
    private final Set<UUID> waiting = ConcurrentHashMap.newKeySet();

    GiveBacks(Supplier<QuarantineStore> quarantine, WriteBack writeBack, CopyEvents events, HoldJournal journal) {
        this.quarantine = quarantine;
        this.writeBack = writeBack;
        this.events = events;
        this.journal = journal;
    }

    /** Takes up the files an earlier run had not written back yet. */
    void resume() {
        try {
            waiting.addAll(journal.loadGiveBacks());
        } catch (RuntimeException e) {
            LOG.error("cannot read the files waiting to be written back: {}", e.getMessage());
        }
    }

    /** The employee continued: these files go back. Kept before anything is written, so that a crash does not lose them. */
    void continued(Collection<UUID> eventIds) {
        waiting.addAll(eventIds);
        save();
    }

    /** Writes back each continued file whose device is mounted; the others wait for it. */
    void writeBack(Collection<UUID> eventIds, Answer answer) {
        for (UUID eventId : eventIds) {
            giveBack(eventId, answer);
        }
        save();
    }

    boolean anyWaiting() {
        return !waiting.isEmpty();
    }

    private void giveBack(UUID eventId, Answer answer) {
        try {
            Optional<QuarantinedFile> stored = quarantine.get().find(eventId);
            if (stored.isEmpty()) {
                waiting.remove(eventId); // released or purged meanwhile
                return;
            }
            QuarantinedFile file = stored.get();
            Optional<Path> written = writeBack.toDevice(file);
            if (written.isEmpty()) {
                LOG.info("{} waits to be written back until device {} is mounted again", file.origin().volumePath(),
                        file.origin().device().shortName());
                return;
            }
            waiting.remove(eventId);
            events.released(file, written.get(), "written back: " + answer.person().user() + " continued with the reason '"
                    + answer.reasonId() + "' (event " + eventId + ")");
        } catch (IOException | RuntimeException e) {
            LOG.error("could not write back held file {}: {}", eventId, e.getMessage());
            events.enforcementFailed(null, null, null,
                    "the employee continued, but held file " + eventId + " could not be written back: " + e.getMessage());
        }
    }

    /** Writes back the continued files whose device this is; they waited because it had been removed. */
    void to(Volume volume) {
        for (UUID eventId : List.copyOf(waiting)) {
            try {
                Optional<QuarantinedFile> stored = quarantine.get().find(eventId);
                if (stored.isEmpty()) {
                    waiting.remove(eventId); // released or purged by the console meanwhile
                } else if (MountedVolumes.sameDevice(stored.get().origin().device(), volume.identity())) {
                    Optional<Path> written = writeBack.toDevice(stored.get());
                    if (written.isPresent()) {
                        events.released(stored.get(), written.get(), "written back when the device was mounted again: the"
                                + " employee had continued the copy (event " + eventId + ")");
                        waiting.remove(eventId);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not write back {} to {}: {}", eventId, volume.mount().mountPoint(), e.getMessage());
            }
        }
        save();
    }

    private void save() {
        try {
            journal.saveGiveBacks(List.copyOf(waiting));
        } catch (RuntimeException e) {
            LOG.error("cannot keep the files waiting to be written back for a restart: {}", e.getMessage());
        }
    }
}
