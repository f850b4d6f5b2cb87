package io.mamori.agent.store;

import io.mamori.protocol.secrets.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * One of the agent's SQLite files, opened the one way the agent opens them: owner-only
 * ({@code 0600}, with its {@code -wal} and {@code -shm}), WAL, a busy time-out, a format number
 * checked before anything is read, and a damaged file moved aside so that the agent keeps working
 * and whoever investigates still has it. Every use of the connection goes through {@link #run} or
 * {@link #transaction}, under the file's lock: SQLite has one writer, and so has the agent.
 *
 * <p>The operation log and the stores that share its file ({@code oplog.db}) are a
 * {@link Role#RECORD}; the file index ({@code index.db}) is a {@link Role#CACHE}. docs/agent.md
 * lists the files and who owns which table.
 */
public final class SqliteFile implements AutoCloseable {

    /** What losing the file would cost, which decides how it is written and what happens when it is damaged. */
    public enum Role {
        /**
         * Must not lose what it took: {@code synchronous=FULL} (a write that returned survives a
         * power cut); a damaged file is kept as {@code <name>.corrupt-<millis>}, every one of them;
         * a file of a newer format is refused, never rewritten (upgrade the agent); any other failure
         * to open is the caller's error.
         */
        RECORD,
        /**
         * Can be rebuilt: {@code synchronous=NORMAL} (a power cut may lose the last writes) and a
         * bounded journal; any file SQLite cannot open or use, or of another format, is replaced by a
         * new one, and only the last damaged file is kept, as {@code <name>.damaged}.
         */
        CACHE
    }

    private static final Logger LOG = LoggerFactory.getLogger(SqliteFile.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final List<String> PARTS = List.of("", "-wal", "-shm");

    private final Path file;
    private final String what;
    private final Role role;
    private final Schema schema;
    private final boolean readOnly;
    private Connection connection;
    private Path movedAside;

    private SqliteFile(Path file, String what, Role role, Schema schema, boolean readOnly) {
        this.file = file;
        this.what = what;
        this.role = role;
        this.schema = schema;
        this.readOnly = readOnly;
    }

    /**
     * Opens the file for writing, creating it with the schema if needed. A file an earlier
     * {@link #check} marked as damaged is moved aside first; a file SQLite finds damaged (or, for a
     * cache, cannot use at all) is moved aside and a new one started (see {@link #movedAside()}).
     *
     * @param what what the file is, for messages ("operation log", "file index")
     * @throws IOException when not even a new file can be made there, or (a record) when the file is
     *                     of a newer format or cannot be opened for another reason
     */
    public static SqliteFile open(Path file, String what, Role role, Schema schema) throws IOException {
        SqliteFile opened = new SqliteFile(file.toAbsolutePath(), what, role, schema, false);
        Path marker = damageMarker(opened.file);
        if (role == Role.RECORD && Files.exists(marker)) {
            opened.moveAside(Files.readString(marker, StandardCharsets.UTF_8).strip());
            Files.delete(marker);
        }
        try {
            opened.connect();
        } catch (SQLException e) {
            if (role == Role.RECORD && !isDamage(e)) {
                throw new IOException("cannot open the " + what + " " + file + ": " + e.getMessage(), e);
            }
            opened.moveAside(e.getMessage());
            try {
                opened.connect();
            } catch (SQLException again) {
                throw new IOException("cannot create a new " + what + " " + file + ": " + again.getMessage(), again);
            }
        }
        return opened;
    }

    /** Opens an existing file to read only (status, log, verify-log), beside the agent that writes it. */
    public static SqliteFile openReadOnly(Path file, String what) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("there is no " + what + " at " + file);
        }
        SqliteFile opened = new SqliteFile(file.toAbsolutePath(), what, Role.RECORD, null, true);
        try {
            opened.connection = connect(opened.file, Role.RECORD, true);
        } catch (SQLException e) {
            throw new IOException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
        return opened;
    }

    /**
     * SQLite's own check of every page, on a read-only connection of its own so that the writer is
     * not held up: it reads the whole file (about 0.4 s for 400 MB here), which is why the agent
     * runs it in the background after start rather than in {@link #open}. A damaged file is marked,
     * and the next {@link #open} moves it aside. For {@link Role#RECORD} files (a cache is replaced as
     * soon as a query finds it damaged).
     *
     * @return what is wrong, or empty if the file is sound
     */
    public static Optional<String> check(Path file, String what) throws IOException {
        String problem;
        try (Connection checking = connect(file, Role.RECORD, true);
                Statement statement = checking.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA quick_check")) {
            String first = row.next() ? row.getString(1) : "no answer";
            problem = "ok".equals(first) ? null : first;
        } catch (SQLException e) {
            if (!isDamage(e)) {
                throw new IOException("cannot check the " + what + " " + file + ": " + e.getMessage(), e);
            }
            problem = e.getMessage();
        }
        if (problem != null) {
            PrivateFiles.write(damageMarker(file), problem.getBytes(StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(problem);
    }

    public Path path() {
        return file;
    }

    /** The damaged file this one replaced, if it did (the last, for a cache). */
    public synchronized Optional<Path> movedAside() {
        return Optional.ofNullable(movedAside);
    }

    /** False only for a cache whose replacement could not be made either: every use then fails. */
    public synchronized boolean available() {
        return connection != null;
    }

    /** Runs one INSERT, UPDATE or DELETE with its values bound in order ({@link Statements#update}); the rows it changed. */
    public int update(String sql, Object... values) throws SQLException {
        return run(c -> Statements.update(c, sql, values));
    }

    /** Runs {@code work} on the connection, each statement committed on its own. */
    public synchronized <T> T run(SqlWork<T> work) throws SQLException {
        return work.run(connection());
    }

    /** Runs {@code work} in one transaction: all of it or, when it throws, none of it. */
    public synchronized <T> T transaction(SqlWork<T> work) throws SQLException {
        Connection c = connection();
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * For a store that shares this file and owns a table of its own: creates the table (statements
     * with {@code IF NOT EXISTS}) where it is missing. Nothing is done on a read-only file.
     */
    public synchronized void ensureTable(List<String> statements) throws SQLException {
        if (readOnly) {
            return;
        }
        transaction(c -> {
            try (Statement statement = c.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            return null;
        });
    }

    /** True if the file has this table (a store reading a file written before it existed finds none). */
    public synchronized boolean hasTable(String table) throws SQLException {
        try (PreparedStatement select = connection().prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            select.setString(1, table);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /**
     * A cache found damaged while in use: it is moved aside and a new one started at once. When not
     * even a new one can be made, the file is {@linkplain #available() unavailable} until the agent restarts.
     */
    public synchronized void startOver(String problem) {
        if (role != Role.CACHE || readOnly) {
            throw new IllegalStateException("only a cache is started over while in use; the " + what + " is not one");
        }
        closeConnection();
        try {
            moveAside(problem);
            connect();
        } catch (IOException | SQLException again) {
            connection = null;
            LOG.error("a new {} could not be created ({}); the agent goes on without it until it restarts", what,
                    again.getMessage());
        }
    }

    /** True if SQLite says the file is damaged or is not a database at all. */
    public static boolean isDamage(SQLException e) {
        if (e instanceof OtherFormat) {
            return true;
        }
        int code = e.getErrorCode() & 0xff;
        String message = String.valueOf(e.getMessage());
        return code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code
                || message.contains("SQLITE_CORRUPT") || message.contains("SQLITE_NOTADB");
    }

    /** True if {@code e} says the disk (or the file system's quota) is full. */
    public static boolean isDiskFull(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLiteErrorCode.SQLITE_FULL.code || String.valueOf(e.getMessage()).contains("SQLITE_FULL")
                || code == SQLiteErrorCode.SQLITE_IOERR.code;
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }

    // ---------------------------------------------------------------- opening

    private Connection connection() throws SQLException {
        if (connection == null) {
            throw new SQLException("the " + what + " " + file + " is not open");
        }
        return connection;
    }

    private void connect() throws SQLException, IOException {
        if (POSIX && Files.notExists(file)) {
            // created owner-only before SQLite opens it: SQLite gives its -wal and -shm files the same mode
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Connection opened = connect(file, role, false);
        try {
            migrate(opened);
            restrict();
            connection = opened;
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                opened.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static Connection connect(Path file, Role role, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        if (role == Role.RECORD) {
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.enforceForeignKeys(true);
        } else {
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setJournalSizeLimit(8 * 1024 * 1024);
        }
        config.setBusyTimeout(10_000);
        config.setReadOnly(readOnly);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    private void migrate(Connection c) throws SQLException {
        int version;
        try (Statement statement = c.createStatement(); ResultSet row = statement.executeQuery("PRAGMA user_version")) {
            version = row.next() ? row.getInt(1) : 0;
        }
        if (version == schema.version()) {
            return;
        }
        if (role == Role.RECORD && version > schema.version()) {
            throw new SQLException("the " + what + " has format " + version + ", newer than this agent's " + schema.version()
                    + "; upgrade the agent");
        }
        if (role == Role.CACHE && version != 0) {
            throw new OtherFormat(what, version, schema.version());
        }
        c.setAutoCommit(false);
        try (Statement statement = c.createStatement()) {
            for (String sql : schema.statements()) {
                statement.execute(sql);
            }
            statement.execute("PRAGMA user_version = " + schema.version());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private void restrict() throws IOException {
        if (POSIX) {
            for (String suffix : PARTS) {
                Path part = part(file, suffix);
                if (Files.exists(part)) {
                    Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    /** Moves the file and its journal aside: left beside a new file, SQLite would apply the journal to it. */
    private void moveAside(String problem) throws IOException {
        Path aside = role == Role.RECORD ? part(file, ".corrupt-" + System.currentTimeMillis()) : part(file, ".damaged");
        if (role == Role.RECORD) {
            LOG.error("the {} {} is damaged ({}); it is kept as {} and a new one is started", what, file, problem,
                    aside.getFileName());
        } else {
            LOG.warn("the {} {} cannot be used ({}); it is kept as {} and a new one is started (what it held is found"
                    + " again as it is needed)", what, file, problem, aside.getFileName());
        }
        for (String suffix : PARTS) {
            Path from = part(file, suffix);
            Path to = part(aside, suffix);
            if (role == Role.CACHE) {
                Files.deleteIfExists(to);
            }
            if (Files.exists(from)) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
                if (suffix.isEmpty()) {
                    movedAside = aside;
                }
            }
        }
    }

    /** Where {@link #check} notes that a record is damaged (a cache is replaced at once instead). */
    private static Path damageMarker(Path file) {
        return part(file, ".damaged");
    }

    private static Path part(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the {}: {}", what, e.getMessage());
        }
        connection = null;
    }

    /** A file of another format than this agent's (a cache after a downgrade, say): not misread. */
    private static final class OtherFormat extends SQLException {
        OtherFormat(String what, int version, int expected) {
            super("the " + what + " has format " + version + ", this agent writes format " + expected);
        }
    }
}
