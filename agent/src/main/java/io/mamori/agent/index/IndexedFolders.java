package io.mamori.agent.index;

import io.mamori.agent.store.SqliteFile;
import io.mamori.classifier.Classification;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The index's rows for a folder, read a page of {@value #PAGE} at a time in path order: memory stays
 * small whatever the number of files, and between pages the index serves lookups. Used by
 * {@link FileIndex#forEachFileUnder} and {@link FileIndex#forgetVanished}.
 */
final class IndexedFolders {

    static final int PAGE = 256;

    /** Where a failed query is reported (called outside the file's lock). */
    interface Failure {
        void failed(String doing, SQLException e);
    }

    private final SqliteFile file;
    private final Failure failure;

    IndexedFolders(SqliteFile file, Failure failure) {
        this.file = file;
        this.failure = failure;
    }

    /** Every indexed file under {@code root}, with its content's classification under {@code configuration} (JSON read by {@code parse}). */
    void forEachFileUnder(Path root, String configuration, Function<String, Classification> parse, Consumer<IndexedFile> visitor) {
        PathRange range = PathRange.under(root);
        String after = range.from();
        while (true) {
            List<IndexedFile> page = filesAfter(range, after, configuration, parse);
            page.forEach(visitor);
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).path().toString();
        }
    }

    /**
     * Deletes the rows of files under {@code root} not used since {@code since} that no longer
     * exist, a page at a time; {@code forgotten} hears how many each page removed. Returns the total.
     */
    int forgetVanished(Path root, long since, IntConsumer forgotten) {
        PathRange range = PathRange.under(root);
        String after = range.from();
        int total = 0;
        while (true) {
            List<String> page = pathsNotSeenAfter(range, after, since);
            List<String> gone = new ArrayList<>();
            for (String path : page) {
                if (Files.notExists(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
                    gone.add(path);
                }
            }
            int deleted = forget(gone);
            forgotten.accept(deleted);
            total += deleted;
            if (page.size() < PAGE) {
                return total;
            }
            after = page.get(page.size() - 1);
        }
    }

    private List<IndexedFile> filesAfter(PathRange range, String after, String configuration, Function<String, Classification> parse) {
        if (!file.available()) {
            return List.of();
        }
        record Row(String path, long size, long modified, String sha256, String json) {
        }
        List<Row> rows;
        try {
            rows = file.run(c -> {
                List<Row> read = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT f.path, f.size, f.modified, f.sha256, c.classification FROM file f"
                                + " LEFT JOIN content c ON c.configuration = ? AND c.sha256 = f.sha256"
                                + " WHERE f.path > ? AND f.path < ? ORDER BY f.path LIMIT " + PAGE)) {
                    select.setString(1, configuration);
                    select.setString(2, after);
                    select.setString(3, range.to());
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            read.add(new Row(row.getString(1), row.getLong(2), row.getLong(3), row.getString(4), row.getString(5)));
                        }
                    }
                }
                return read;
            });
        } catch (SQLException e) {
            failure.failed("list indexed files", e);
            return List.of();
        }
        List<IndexedFile> page = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Classification classification = row.json() == null ? null : parse.apply(row.json());
            page.add(new IndexedFile(Path.of(row.path()), row.size(), row.modified(), row.sha256(),
                    classification == null ? null : classification.forPath(row.path(), classification.elapsedMs())));
        }
        return page;
    }

    private List<String> pathsNotSeenAfter(PathRange range, String after, long since) {
        if (!file.available()) {
            return List.of();
        }
        try {
            return file.run(c -> {
                List<String> page = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement("SELECT path FROM file WHERE path > ? AND path < ?"
                        + " AND used_at < ? ORDER BY path LIMIT " + PAGE)) {
                    select.setString(1, after);
                    select.setString(2, range.to());
                    select.setLong(3, since);
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            page.add(row.getString(1));
                        }
                    }
                }
                return page;
            });
        } catch (SQLException e) {
            failure.failed("list indexed files", e);
            return List.of();
        }
    }

    private int forget(List<String> paths) {
        if (!file.available() || paths.isEmpty()) {
            return 0;
        }
        try {
            return file.transaction(c -> {
                int count = 0;
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM file WHERE path = ?")) {
                    for (String path : paths) {
                        delete.setString(1, path);
                        count += delete.executeUpdate();
                    }
                }
                return count;
            });
        } catch (SQLException e) {
            failure.failed("forget deleted files", e);
            return 0;
        }
    }

    /** The paths strictly under a folder, as a range of strings in SQLite's byte order. */
    private record PathRange(String from, String to) {

        static PathRange under(Path root) {
            String prefix = root.toAbsolutePath().normalize().toString();
            String separator = root.getFileSystem().getSeparator();
            if (!prefix.endsWith(separator)) {
                prefix += separator;
            }
            char last = prefix.charAt(prefix.length() - 1);
            return new PathRange(prefix, prefix.substring(0, prefix.length() - 1) + (char) (last + 1));
        }
    }
}
