package io.mamori.agent.platform.macos;

import io.mamori.agent.media.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files seen changing, held until they hold still — the portable watcher's idea (its
 * {@code WatchedFileActivity}): a file is due once its size and modification time have not changed
 * for the settle time, since FSEvents says a file changed, never that its writer closed it. A file
 * reported once is reported again only if it changed since. A file removed while settling is
 * reported all the same, so that the guard records it. Not thread-safe: one thread drives it.
 */
final class SettlingFiles {

    private static final int REMEMBERED_REPORTS = 10_000;
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** What holding still is measured by. */
    record FileState(long size, long modifiedMillis) {
        /** The state of a regular file; empty when it is gone or not a regular file. */
        static Optional<FileState> of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
                return attributes.isRegularFile()
                        ? Optional.of(new FileState(attributes.size(), attributes.lastModifiedTime().toMillis()))
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /** A file to report: settled, or gone before it settled. */
    record Due(Path path, Volume volume) {
    }

    private record Settling(Volume volume, FileState state, long dueNanos) {
    }

    private final long settleNanos;
    private final Map<Path, Settling> settling = new LinkedHashMap<>();
    private final Map<Path, FileState> reported = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, FileState> eldest) {
            return size() > REMEMBERED_REPORTS;
        }
    };

    SettlingFiles(long settleNanos) {
        this.settleNanos = settleNanos;
    }

    /** A file was (maybe) written: it settles from now. Returns false when it is gone or not a regular file. */
    boolean changed(Path path, Volume volume, long nowNanos) {
        Optional<FileState> state = FileState.of(path);
        if (state.isEmpty()) {
            return false;
        }
        if (!settling.containsKey(path) && state.get().equals(reported.get(path))) {
            return true; // a metadata event on a file already reported as it is
        }
        settling.put(path, new Settling(volume, state.get(), nowNanos + settleNanos));
        return true;
    }

    /** A file was removed or renamed away: reported if it was still settling. */
    Optional<Due> gone(Path path) {
        reported.remove(path);
        Settling was = settling.remove(path);
        return was == null ? Optional.empty() : Optional.of(new Due(path, was.volume()));
    }

    /** The files that held still; those that changed meanwhile settle again. */
    List<Due> due(long nowNanos) {
        List<Due> due = new ArrayList<>();
        List<Map.Entry<Path, Settling>> ready = new ArrayList<>();
        for (Map.Entry<Path, Settling> entry : settling.entrySet()) {
            if (entry.getValue().dueNanos() - nowNanos <= 0) {
                ready.add(entry);
            }
        }
        for (Map.Entry<Path, Settling> entry : ready) {
            Path path = entry.getKey();
            Settling file = entry.getValue();
            Optional<FileState> now = FileState.of(path);
            if (now.isEmpty()) {
                settling.remove(path); // gone meanwhile: its removal event reports it if it comes; else nothing to judge
            } else if (!now.get().equals(file.state())) {
                settling.put(path, new Settling(file.volume(), now.get(), nowNanos + settleNanos));
            } else {
                settling.remove(path);
                reported.put(path, now.get());
                due.add(new Due(path, file.volume()));
            }
        }
        return due;
    }

    /** Stops settling a volume's files (it is no longer watched). */
    void forget(Path mountPoint) {
        for (Iterator<Settling> it = settling.values().iterator(); it.hasNext(); ) {
            if (it.next().volume().mount().mountPoint().equals(mountPoint)) {
                it.remove();
            }
        }
        reported.keySet().removeIf(path -> path.startsWith(mountPoint));
    }

    int size() {
        return settling.size();
    }
}
