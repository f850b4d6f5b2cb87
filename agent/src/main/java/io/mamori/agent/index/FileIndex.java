package io.mamori.agent.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mamori.agent.store.Schema;
import io.mamori.agent.store.SqliteFile;
import io.mamori.agent.store.Statements;
import io.mamori.classifier.Classification;
import io.mamori.classifier.inspect.ResultCache;
import io.mamori.protocol.json.ProtocolJson;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's file index: a {@link ResultCache} in its own SQLite file ({@code index.db} in the
 * state directory, owner-only), so classifications outlive restarts and a file copied to a USB
 * stick is usually already known. It holds the classification of content by (classifier
 * configuration, SHA-256) as JSON — summaries with masked samples; individual findings are never
 * stored — and the content hash of each file by path, with the size and modification time it was
 * read at. Each of the two holds at most {@code maxEntries} rows; past that the least recently used
 * go, a twentieth of the bound at a time.
 *
 * <p>It is a cache, and a cache never stops the agent: a {@link SqliteFile.Role#CACHE} file
 * ({@code synchronous=NORMAL}: a power cut may lose the last writes, which costs re-reading those
 * files; a file SQLite cannot use is moved aside as {@code index.db.damaged}, replacing an older
 * one, and a new one started), and a query that fails is a miss for the caller, logged.
 *
 * <p>Lookups mark rows as used in memory and the marks are written in batches ({@link UseMarks}), so
 * a pass over unchanged files does not write once per file. All methods are synchronized on the
 * index, except that the visitors of {@link #forEachFileUnder} run outside the lock, one page at a
 * time ({@link IndexedFolders}).
 */
public final class FileIndex implements ResultCache, AutoCloseable {

    /** The on-disk format; a file of another format is moved aside like a damaged one. */
    public static final int FORMAT = 1;
    public static final int DEFAULT_MAX_ENTRIES = 200_000;

    private static final Logger LOG = LoggerFactory.getLogger(FileIndex.class);
    private static final ObjectMapper JSON = ProtocolJson.newMapper();
    private static final Schema SCHEMA = new Schema(FORMAT, List.of(
            "CREATE TABLE file (path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified INTEGER NOT NULL,"
                    + " sha256 TEXT NOT NULL, used_at INTEGER NOT NULL)",
            "CREATE INDEX file_used ON file (used_at)",
            "CREATE TABLE content (configuration TEXT NOT NULL, sha256 TEXT NOT NULL,"
                    + " classification TEXT NOT NULL, used_at INTEGER NOT NULL, PRIMARY KEY (configuration, sha256))",
            "CREATE INDEX content_used ON content (used_at)"));

    private final SqliteFile file;
    private final int maxEntries;
    private final UseMarks used;
    private final IndexedFolders folders;
    private long fileRows;
    private long contentRows;
    private boolean failureLogged;

    private FileIndex(SqliteFile file, int maxEntries, Clock clock) {
        this.file = file;
        this.maxEntries = maxEntries;
        this.used = new UseMarks(file, clock);
        this.folders = new IndexedFolders(file, this::failed);
    }

    /** Opens {@code file} (creating it) with room for {@value #DEFAULT_MAX_ENTRIES} entries. */
    public static FileIndex open(Path file) throws IOException {
        return open(file, DEFAULT_MAX_ENTRIES, Clock.systemUTC());
    }

    /**
     * Opens the index, creating it if needed; an existing file SQLite cannot open or use (damaged,
     * unreadable, not a database, of another format) is moved aside and a new index started.
     *
     * @throws IOException only when not even a new index can be created there (the directory cannot
     *                     be written): the caller goes on with a cache in memory
     */
    public static FileIndex open(Path file, int maxEntries, Clock clock) throws IOException {
        if (maxEntries < 20) {
            throw new IllegalArgumentException("a file index needs room for at least 20 entries");
        }
        FileIndex index = new FileIndex(SqliteFile.open(file, "file index", SqliteFile.Role.CACHE, SCHEMA), maxEntries, clock);
        synchronized (index) {
            index.count();
        }
        return index;
    }

    public Path file() {
        return file.path();
    }

    /** Where a damaged index was moved since this one was opened, if it was. */
    public synchronized Optional<Path> movedAside() {
        return file.movedAside();
    }

    public synchronized long fileCount() {
        return fileRows;
    }

    public synchronized long contentCount() {
        return contentRows;
    }

    @Override
    public synchronized Classification get(String configuration, String sha256) {
        if (!file.available()) {
            return null;
        }
        try {
            String json = file.run(c -> {
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT classification FROM content WHERE configuration = ? AND sha256 = ?")) {
                    select.setString(1, configuration);
                    select.setString(2, sha256);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? row.getString(1) : null;
                    }
                }
            });
            Classification result = json == null ? null : parse(json);
            if (result != null) {
                markUsed(null, configuration, sha256);
            }
            return result;
        } catch (SQLException e) {
            failed("look up a classification", e);
            return null;
        }
    }

    /** True if content with this hash has been classified under this configuration. */
    public synchronized boolean contains(String configuration, String sha256) {
        if (!file.available()) {
            return false;
        }
        try {
            boolean found = file.run(c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM content WHERE configuration = ? AND sha256 = ?")) {
                    select.setString(1, configuration);
                    select.setString(2, sha256);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next();
                    }
                }
            });
            if (found) {
                markUsed(null, configuration, sha256);
            }
            return found;
        } catch (SQLException e) {
            failed("look up a classification", e);
            return false;
        }
    }

    @Override
    public synchronized void put(String configuration, String sha256, Classification result) {
        if (!file.available()) {
            return;
        }
        String json;
        try {
            json = JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            LOG.warn("a classification could not be written as JSON for the file index: {}", e.getOriginalMessage());
            return;
        }
        try {
            long now = used.now();
            boolean inserted = file.run(c -> Statements.update(c,
                    "UPDATE content SET classification = ?, used_at = ? WHERE configuration = ? AND sha256 = ?",
                    json, now, configuration, sha256) == 0
                    && Statements.update(c, "INSERT INTO content (configuration, sha256, classification, used_at) VALUES (?, ?, ?, ?)",
                    configuration, sha256, json, now) > 0);
            if (inserted) {
                contentRows++;
                if (contentRows > maxEntries) {
                    contentRows -= evictOldest("content", contentRows);
                }
            }
        } catch (SQLException e) {
            failed("store a classification", e);
        }
    }

    @Override
    public synchronized String knownHash(String path, long size, long modifiedMillis) {
        if (!file.available()) {
            return null;
        }
        try {
            String sha256 = file.run(c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT sha256 FROM file WHERE path = ? AND size = ? AND modified = ?")) {
                    select.setString(1, path);
                    select.setLong(2, size);
                    select.setLong(3, modifiedMillis);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? row.getString(1) : null;
                    }
                }
            });
            if (sha256 != null) {
                markUsed(path, null, null);
            }
            return sha256;
        } catch (SQLException e) {
            failed("look up a file", e);
            return null;
        }
    }

    @Override
    public synchronized void rememberHash(String path, long size, long modifiedMillis, String sha256) {
        if (!file.available()) {
            return;
        }
        try {
            long now = used.now();
            boolean inserted = file.run(c -> Statements.update(c,
                    "UPDATE file SET size = ?, modified = ?, sha256 = ?, used_at = ? WHERE path = ?",
                    size, modifiedMillis, sha256, now, path) == 0
                    && Statements.update(c, "INSERT INTO file (path, size, modified, sha256, used_at) VALUES (?, ?, ?, ?, ?)",
                    path, size, modifiedMillis, sha256, now) > 0);
            if (inserted) {
                fileRows++;
                if (fileRows > maxEntries) {
                    fileRows -= evictOldest("file", fileRows);
                }
            }
        } catch (SQLException e) {
            failed("store a file's hash", e);
        }
    }

    /**
     * Calls {@code visitor} with every indexed file under {@code root} (not the root itself), in
     * path order, with its content's classification under {@code configuration}
     * ({@link io.mamori.classifier.inspect.CachingInspector#configuration()}). Rows are read a page
     * at a time and the visitor runs outside the index's lock, so memory stays small whatever the
     * number of files and the index keeps serving lookups meanwhile. Files are as last seen: one
     * deleted since may still be listed until the indexer's next pass over its folder.
     */
    public void forEachFileUnder(Path root, String configuration, Consumer<IndexedFile> visitor) {
        folders.forEachFileUnder(root, configuration, this::parse, visitor);
    }

    /**
     * Forgets files under {@code root} that have not been looked up or written since
     * {@code notSeenSinceMillis} and no longer exist, so that answers about a folder do not count
     * deleted files. The indexer calls it after a complete pass over the folder. Files that exist
     * but were not seen (in a hidden folder, too large for the indexer) are kept.
     *
     * @return how many were forgotten
     */
    public int forgetVanished(Path root, long notSeenSinceMillis) {
        synchronized (this) {
            writeUseMarks();
        }
        return folders.forgetVanished(root, notSeenSinceMillis, deleted -> {
            synchronized (this) {
                fileRows -= deleted;
            }
        });
    }

    private void markUsed(String path, String configuration, String sha256) {
        if (path != null) {
            used.path(path);
        }
        if (sha256 != null) {
            used.content(configuration, sha256);
        }
        if (used.full()) {
            writeUseMarks();
        }
    }

    private void writeUseMarks() {
        try {
            used.write();
        } catch (SQLException e) {
            failed("note which entries were used", e);
        }
    }

    /** Deletes the least recently used rows of {@code table} down to 95 % of the bound; returns how many. */
    private int evictOldest(String table, long rows) throws SQLException {
        writeUseMarks();
        long excess = rows - maxEntries + maxEntries / 20;
        int deleted = file.run(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table
                    + " WHERE rowid IN (SELECT rowid FROM " + table + " ORDER BY used_at, rowid LIMIT ?)")) {
                delete.setLong(1, excess);
                return delete.executeUpdate();
            }
        });
        LOG.debug("the file index had {} {} entries, more than {}: the {} least recently used were removed", rows,
                table, maxEntries, deleted);
        return deleted;
    }

    private Classification parse(String json) {
        try {
            return JSON.readValue(json, Classification.class);
        } catch (JsonProcessingException e) {
            LOG.debug("a classification in the file index could not be read (taken as not known): {}", e.getOriginalMessage());
            return null;
        }
    }

    /**
     * A query failed. A damaged file is moved aside and a new index started at once; anything else
     * (a full disk, say) is logged once and the lookup is a miss.
     */
    private synchronized void failed(String doing, SQLException e) {
        if (!SqliteFile.isDamage(e)) {
            if (!failureLogged) {
                LOG.warn("the file index could not {} ({}); files it would have known are read again", doing, e.getMessage());
                failureLogged = true;
            } else {
                LOG.debug("the file index could not {}: {}", doing, e.getMessage());
            }
            return;
        }
        used.clear();
        file.startOver(e.getMessage());
        count();
    }

    /** Counts the rows of both tables; a file found damaged doing so is started over (once). */
    private void count() {
        fileRows = 0;
        contentRows = 0;
        if (!file.available()) {
            return;
        }
        try {
            fileRows = count("file");
            contentRows = count("content");
        } catch (SQLException e) {
            if (SqliteFile.isDamage(e)) {
                used.clear();
                file.startOver(e.getMessage());
            } else {
                LOG.warn("the file index could not count its entries ({}); the bound on its size counts from now", e.getMessage());
            }
        }
    }

    private long count(String table) throws SQLException {
        return file.run(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                    ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        });
    }

    @Override
    public synchronized void close() {
        writeUseMarks();
        file.close();
    }
}
