package io.mamori.agent.copy;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Volume;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.EventIds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Groups the files of one copy operation: files written on the same volume by the same user, each
 * within a short quiet gap of the one before, belong to one operation and share its id. A drag of
 * a folder onto a stick, or {@code cp -r}, becomes one operation, so the employee is asked once and
 * the console shows one copy, not hundreds. The gap is measured between files as they are
 * written, so a long copy stays one operation however long it takes.
 *
 * <p>It also counts the files of each operation still being decided, so that a held copy is asked
 * about once, when it has {@linkplain #settled settled}: ended, and every file decided.
 *
 * <p>Thread-safe; plain Java (the times come from the events).
 */
public final class CopyOperations {

    /** How long a pause ends an operation when nothing says otherwise. */
    public static final Duration DEFAULT_GAP = Duration.ofSeconds(3);

    private record Key(Path mountPoint, Long uid, String user) {
    }

    private static final class Open {
        final UUID id;
        Instant last;
        int files;

        Open(UUID id, Instant last) {
            this.id = id;
            this.last = last;
        }
    }

    private final Duration gap;
    private final Map<Key, Open> open = new HashMap<>();
    private final Map<UUID, Integer> deciding = new ConcurrentHashMap<>();

    public CopyOperations(Duration gap) {
        if (gap.isNegative() || gap.isZero()) {
            throw new IllegalArgumentException("the gap that ends a copy operation must be positive");
        }
        this.gap = gap;
    }

    /** The operation a written file belongs to: the open one for its volume and user, or a new one. */
    public synchronized UUID operationFor(FileActivity.FileWritten written) {
        Key key = keyOf(written.volume(), written.actor());
        Open current = open.get(key);
        if (current == null || Duration.between(current.last, written.at()).compareTo(gap) > 0) {
            current = new Open(EventIds.next(), written.at());
            open.put(key, current);
        }
        if (written.at().isAfter(current.last)) {
            current.last = written.at();
        }
        current.files++;
        return current.id;
    }

    /** Forgets operations quiet for longer than the gap; true if the operation with this id has ended by {@code now}. */
    public synchronized boolean ended(UUID operationId, Instant now) {
        boolean stillOpen = false;
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open operation = it.next();
            boolean quiet = Duration.between(operation.last, now).compareTo(gap) > 0;
            if (quiet) {
                it.remove();
            } else if (operation.id.equals(operationId)) {
                stillOpen = true;
            }
        }
        return !stillOpen;
    }

    /** One more file of the operation is being decided. */
    public void decidingStarted(UUID operationId) {
        deciding(operationId, 1);
    }

    /** A file of the operation has been decided (or given up). */
    public void decidingEnded(UUID operationId) {
        deciding(operationId, -1);
    }

    private void deciding(UUID operationId, int change) {
        deciding.compute(operationId, (id, count) -> {
            int now = (count == null ? 0 : count) + change;
            return now <= 0 ? null : now;
        });
    }

    /** True once the operation has ended by {@code now} and none of its files is still being decided. */
    public boolean settled(UUID operationId, Instant now) {
        return ended(operationId, now) && !deciding.containsKey(operationId);
    }

    /** Forgets the operations on a volume that went away. */
    public synchronized void volumeGone(Volume volume) {
        open.keySet().removeIf(key -> key.mountPoint().equals(volume.mount().mountPoint()));
    }

    public Duration gap() {
        return gap;
    }

    private static Key keyOf(Volume volume, Actor actor) {
        Objects.requireNonNull(volume, "volume");
        return new Key(volume.mount().mountPoint(), actor == null ? null : actor.uid(), actor == null ? null : actor.user());
    }
}
