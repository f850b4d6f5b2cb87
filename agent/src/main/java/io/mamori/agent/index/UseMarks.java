package io.mamori.agent.index;

import io.mamori.agent.store.SqliteFile;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * Which index rows were used since the marks were last written, kept in memory and written in one
 * transaction every {@value #PER_WRITE} marks (and before eviction and closing), so that a pass over
 * unchanged files does not write once per file. Losing them only blurs the eviction order.
 * Not thread-safe: the {@link FileIndex} calls it under its lock.
 */
final class UseMarks {

    static final int PER_WRITE = 512;

    private record ContentKey(String configuration, String sha256) {
    }

    private final SqliteFile file;
    private final Clock clock;
    private final Set<String> paths = new HashSet<>();
    private final Set<ContentKey> contents = new HashSet<>();

    UseMarks(SqliteFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    long now() {
        return clock.millis();
    }

    void path(String path) {
        paths.add(path);
    }

    void content(String configuration, String sha256) {
        contents.add(new ContentKey(configuration, sha256));
    }

    boolean full() {
        return paths.size() + contents.size() >= PER_WRITE;
    }

    /** Forgets the marks (the file they were for has been replaced). */
    void clear() {
        paths.clear();
        contents.clear();
    }

    /** Writes the marks gathered, in one transaction; they are forgotten either way. */
    void write() throws SQLException {
        if (!file.available() || paths.isEmpty() && contents.isEmpty()) {
            return;
        }
        long now = clock.millis();
        try {
            file.transaction(c -> {
                try (PreparedStatement path = c.prepareStatement("UPDATE file SET used_at = ? WHERE path = ?");
                        PreparedStatement content = c.prepareStatement(
                                "UPDATE content SET used_at = ? WHERE configuration = ? AND sha256 = ?")) {
                    for (String used : paths) {
                        path.setLong(1, now);
                        path.setString(2, used);
                        path.executeUpdate();
                    }
                    for (ContentKey key : contents) {
                        content.setLong(1, now);
                        content.setString(2, key.configuration());
                        content.setString(3, key.sha256());
                        content.executeUpdate();
                    }
                }
                return null;
            });
        } finally {
            clear();
        }
    }
}
