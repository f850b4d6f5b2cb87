package io.mamori.agent.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mamori.agent.log.OperationLog;
import io.mamori.classifier.Classification;
import io.mamori.classifier.inspect.ResultCache;
import io.mamori.protocol.json.ProtocolJson;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * The agent's file index: a {@link ResultCache} in its own SQLite file ({@code index.db} in the
 * state directory, owner-only), so classifications outlive restarts and a file copied to a USB
 * stick is usually already known. It holds the classification of content by (classifier
 * configuration, SHA-256) as JSON — summaries with masked samples; individual findings are never
 * stored — and the content hash of each file by path, with the size and modification time it was
 * read at. Each of the two holds at most {@code maxEntries} rows; past that the least recently used
 * go, a twentieth of the bound at a time.
 *
 * <p>It is a cache, and a cache never stops the agent: {@code synchronous=NORMAL} (a power cut may
 * lose the last writes, which costs re-reading those files), a file SQLite cannot use is moved
 * aside ({@code index.db.damaged}, replacing an older one) and a new one started, and a query that
 * fails is a miss for the caller, logged.
 *
 * <p>Lookups mark rows as used in memory and the marks are written in batches, so a pass over
 * unchanged files does not write once per file. All methods are synchronized on the index, except
 * that the visitors of {@link #forEachFileUnder} run outside the lock, one page at a time.
 */
public final class FileIndex implements ResultCache, AutoCloseable {

    /** The on-disk format; a file of another format is moved aside like a damaged one. */
    public static final int FORMAT = 1;
    public static final int DEFAULT_MAX_ENTRIES = 200_000;

    private static final Logger LOG = LoggerFactory.getLogger(FileIndex.class);
    private static final ObjectMapper JSON = ProtocolJson.newMapper();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final int PAGE = 256;
    private static final int USE_MARKS_PER_WRITE = 512;

    private record ContentKey(String configuration, String sha256) {
    }

    private final Path file;
    private final int maxEntries;
    private final Clock clock;
    private final Set<String> usedPaths = new HashSet<>();
    private final Set<ContentKey> usedContent = new HashSet<>();
    private Connection connection;
    private long fileRows;
    private long contentRows;
    private Path movedAside;
    private boolean failureLogged;

    private FileIndex(Path file, int maxEntries, Clock clock) {
        this.file = file;
        this.maxEntries = maxEntries;
        this.clock = clock;
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
        FileIndex index = new FileIndex(file.toAbsolutePath(), maxEntries, clock);
        try {
            index.connect();
        } catch (SQLException e) {
            index.moveAside(e.getMessage());
            try {
                index.connect();
            } catch (SQLException again) {
                throw new IOException("cannot create a new file index " + file + ": " + again.getMessage(), again);
            }
        }
        return index;
    }

    public Path file() {
        return file;
    }

    /** Where a damaged index was moved since this one was opened, if it was. */
    public synchronized Optional<Path> movedAside() {
        return Optional.ofNullable(movedAside);
    }

    public synchronized long fileCount() {
        return fileRows;
    }

    public synchronized long contentCount() {
        return contentRows;
    }

    @Override
    public synchronized Classification get(String configuration, String sha256) {
        if (connection == null) {
            return null;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT classification FROM content WHERE configuration = ? AND sha256 = ?")) {
            select.setString(1, configuration);
            select.setString(2, sha256);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                Classification result = parse(row.getString(1));
                if (result != null) {
                    markUsed(null, new ContentKey(configuration, sha256));
                }
                return result;
            }
        } catch (SQLException e) {
            failed("look up a classification", e);
            return null;
        }
    }

    /** True if content with this hash has been classified under this configuration. */
    public synchronized boolean contains(String configuration, String sha256) {
        if (connection == null) {
            return false;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM content WHERE configuration = ? AND sha256 = ?")) {
            select.setString(1, configuration);
            select.setString(2, sha256);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                markUsed(null, new ContentKey(configuration, sha256));
                return true;
            }
        } catch (SQLException e) {
            failed("look up a classification", e);
            return false;
        }
    }

    @Override
    public synchronized void put(String configuration, String sha256, Classification result) {
        if (connection == null) {
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
            long now = clock.millis();
            int updated;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE content SET classification = ?, used_at = ? WHERE configuration = ? AND sha256 = ?")) {
                update.setString(1, json);
                update.setLong(2, now);
                update.setString(3, configuration);
                update.setString(4, sha256);
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO content (configuration, sha256, classification, used_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, configuration);
                    insert.setString(2, sha256);
                    insert.setString(3, json);
                    insert.setLong(4, now);
                    insert.executeUpdate();
                }
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
        if (connection == null) {
            return null;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT sha256 FROM file WHERE path = ? AND size = ? AND modified = ?")) {
            select.setString(1, path);
            select.setLong(2, size);
            select.setLong(3, modifiedMillis);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                String sha256 = row.getString(1);
                markUsed(path, null);
                return sha256;
            }
        } catch (SQLException e) {
            failed("look up a file", e);
            return null;
        }
    }

    @Override
    public synchronized void rememberHash(String path, long size, long modifiedMillis, String sha256) {
        if (connection == null) {
            return;
        }
        try {
            long now = clock.millis();
            int updated;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE file SET size = ?, modified = ?, sha256 = ?, used_at = ? WHERE path = ?")) {
                update.setLong(1, size);
                update.setLong(2, modifiedMillis);
                update.setString(3, sha256);
                update.setLong(4, now);
                update.setString(5, path);
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO file (path, size, modified, sha256, used_at) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setString(1, path);
                    insert.setLong(2, size);
                    insert.setLong(3, modifiedMillis);
                    insert.setString(4, sha256);
                    insert.setLong(5, now);
                    insert.executeUpdate();
                }
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
        PathRange range = PathRange.under(root);
        String after = range.from();
        while (true) {
            List<IndexedFile> page = filesAfter(range, after, configuration);
            page.forEach(visitor);
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).path().toString();
        }
    }

    private synchronized List<IndexedFile> filesAfter(PathRange range, String after, String configuration) {
        List<IndexedFile> page = new ArrayList<>();
        if (connection == null) {
            return page;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT f.path, f.size, f.modified, f.sha256, c.classification FROM file f"
                        + " LEFT JOIN content c ON c.configuration = ? AND c.sha256 = f.sha256"
                        + " WHERE f.path > ? AND f.path < ? ORDER BY f.path LIMIT " + PAGE)) {
            select.setString(1, configuration);
            select.setString(2, after);
            select.setString(3, range.to());
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String path = row.getString(1);
                    String json = row.getString(5);
                    Classification classification = json == null ? null : parse(json);
                    page.add(new IndexedFile(Path.of(path), row.getLong(2), row.getLong(3), row.getString(4),
                            classification == null ? null : classification.forPath(path, classification.elapsedMs())));
                }
            }
        } catch (SQLException e) {
            failed("list indexed files", e);
        }
        return page;
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
        PathRange range = PathRange.under(root);
        String after = range.from();
        int forgotten = 0;
        while (true) {
            List<String> page = pathsNotSeenAfter(range, after, notSeenSinceMillis);
            List<String> gone = new ArrayList<>();
            for (String path : page) {
                if (Files.notExists(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
                    gone.add(path);
                }
            }
            forgotten += forget(gone);
            if (page.size() < PAGE) {
                return forgotten;
            }
            after = page.get(page.size() - 1);
        }
    }

    private synchronized List<String> pathsNotSeenAfter(PathRange range, String after, long since) {
        List<String> page = new ArrayList<>();
        if (connection == null) {
            return page;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT path FROM file WHERE path > ? AND path < ?"
                + " AND used_at < ? ORDER BY path LIMIT " + PAGE)) {
            select.setString(1, after);
            select.setString(2, range.to());
            select.setLong(3, since);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    page.add(row.getString(1));
                }
            }
        } catch (SQLException e) {
            failed("list indexed files", e);
        }
        return page;
    }

    private synchronized int forget(List<String> paths) {
        if (connection == null || paths.isEmpty()) {
            return 0;
        }
        try {
            int deleted = OperationLog.inTransaction(connection, c -> {
                int count = 0;
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM file WHERE path = ?")) {
                    for (String path : paths) {
                        delete.setString(1, path);
                        count += delete.executeUpdate();
                    }
                }
                return count;
            });
            fileRows -= deleted;
            return deleted;
        } catch (SQLException e) {
            failed("forget deleted files", e);
            return 0;
        }
    }

    private void markUsed(String path, ContentKey content) {
        if (path != null) {
            usedPaths.add(path);
        }
        if (content != null) {
            usedContent.add(content);
        }
        if (usedPaths.size() + usedContent.size() >= USE_MARKS_PER_WRITE) {
            writeUseMarks();
        }
    }

    /** Writes the use marks gathered in memory, in one transaction. Losing them only blurs eviction order. */
    private void writeUseMarks() {
        if (connection == null || usedPaths.isEmpty() && usedContent.isEmpty()) {
            return;
        }
        long now = clock.millis();
        try {
            OperationLog.inTransaction(connection, c -> {
                try (PreparedStatement file = connection.prepareStatement("UPDATE file SET used_at = ? WHERE path = ?");
                        PreparedStatement content = connection.prepareStatement(
                                "UPDATE content SET used_at = ? WHERE configuration = ? AND sha256 = ?")) {
                    for (String path : usedPaths) {
                        file.setLong(1, now);
                        file.setString(2, path);
                        file.executeUpdate();
                    }
                    for (ContentKey key : usedContent) {
                        content.setLong(1, now);
                        content.setString(2, key.configuration());
                        content.setString(3, key.sha256());
                        content.executeUpdate();
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            failed("note which entries were used", e);
        } finally {
            usedPaths.clear();
            usedContent.clear();
        }
    }

    /** Deletes the least recently used rows of {@code table} down to 95 % of the bound; returns how many. */
    private int evictOldest(String table, long rows) throws SQLException {
        writeUseMarks();
        long excess = rows - maxEntries + maxEntries / 20;
        int deleted;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                + " WHERE rowid IN (SELECT rowid FROM " + table + " ORDER BY used_at, rowid LIMIT ?)")) {
            delete.setLong(1, excess);
            deleted = delete.executeUpdate();
        }
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
    private void failed(String doing, SQLException e) {
        if (!isUnusable(e)) {
            if (!failureLogged) {
                LOG.warn("the file index could not {} ({}); files it would have known are read again", doing, e.getMessage());
                failureLogged = true;
            } else {
                LOG.debug("the file index could not {}: {}", doing, e.getMessage());
            }
            return;
        }
        closeConnection();
        usedPaths.clear();
        usedContent.clear();
        try {
            moveAside(e.getMessage());
            connect();
        } catch (IOException | SQLException again) {
            connection = null;
            LOG.error("a new file index could not be created ({}); the agent goes on without it until it restarts",
                    again.getMessage());
        }
    }

    private void connect() throws SQLException, IOException {
        if (POSIX && Files.notExists(file)) {
            // created owner-only before SQLite opens it: SQLite gives its -wal and -shm files the same mode
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setJournalSizeLimit(8 * 1024 * 1024);
        config.setBusyTimeout(10_000);
        Connection opened = config.createConnection("jdbc:sqlite:" + file);
        try {
            migrate(opened);
            restrict();
            fileRows = count(opened, "file");
            contentRows = count(opened, "content");
            connection = opened;
        } catch (SQLException | IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private static void migrate(Connection connection) throws SQLException {
        int version;
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("PRAGMA user_version")) {
            version = row.next() ? row.getInt(1) : 0;
        }
        if (version == FORMAT) {
            return;
        }
        if (version != 0) {
            throw new OtherFormat(version);
        }
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("CREATE TABLE file (path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified INTEGER NOT NULL,"
                    + " sha256 TEXT NOT NULL, used_at INTEGER NOT NULL)");
            statement.execute("CREATE INDEX file_used ON file (used_at)");
            statement.execute("CREATE TABLE content (configuration TEXT NOT NULL, sha256 TEXT NOT NULL,"
                    + " classification TEXT NOT NULL, used_at INTEGER NOT NULL, PRIMARY KEY (configuration, sha256))");
            statement.execute("CREATE INDEX content_used ON content (used_at)");
            statement.execute("PRAGMA user_version = " + FORMAT);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private void restrict() throws IOException {
        if (POSIX) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path part = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(part)) {
                    Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    /** Keeps one damaged index for whoever investigates, not one per incident: it is only a cache. */
    private void moveAside(String problem) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".damaged");
        LOG.warn("the file index {} cannot be used ({}); it is kept as {} and a new index is started (files are"
                + " classified again as the indexer comes across them)", file, problem, aside.getFileName());
        // the journal goes too: left beside a new file, SQLite would apply it to the new one
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path part = file.resolveSibling(file.getFileName() + suffix);
            Path target = aside.resolveSibling(aside.getFileName() + suffix);
            Files.deleteIfExists(target);
            if (Files.exists(part)) {
                Files.move(part, target);
                if (suffix.isEmpty()) {
                    movedAside = aside;
                }
            }
        }
    }

    private static boolean isUnusable(SQLException e) {
        if (e instanceof OtherFormat) {
            return true;
        }
        int code = e.getErrorCode() & 0xff;
        String message = String.valueOf(e.getMessage());
        return code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code
                || message.contains("SQLITE_CORRUPT") || message.contains("SQLITE_NOTADB");
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the file index: {}", e.getMessage());
        }
        connection = null;
    }

    @Override
    public synchronized void close() {
        writeUseMarks();
        closeConnection();
    }

    /** A file written by an agent of another format (after a downgrade): not misread, replaced. */
    private static final class OtherFormat extends SQLException {
        OtherFormat(int version) {
            super("the file index has format " + version + ", this agent writes format " + FORMAT);
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
