package io.mamori.console.storage;

import java.io.Closeable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The console's database: a connection pool and the two ways to use it. {@link #read} runs
 * without a transaction; {@link #write} runs in one, committed when the work returns and rolled
 * back when it throws, so a refused request never leaves half a change behind.
 *
 * <p>SQLite allows one writer at a time. Its connections begin every transaction {@code
 * IMMEDIATE} (so a transaction never has to upgrade a read lock and fail), and writers queue on a
 * fair lock in this process instead of polling the file lock, which keeps heartbeat latency flat
 * under ingest load. PostgreSQL writers run concurrently.
 */
public final class Database implements AutoCloseable {

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ReentrantLock writer;
    private final Closeable closer;

    public Database(DataSource dataSource, Dialect dialect, Closeable closer) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.writer = dialect == Dialect.SQLITE ? new ReentrantLock(true) : null;
        this.closer = closer;
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public <T> T read(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("database read failed: " + e.getMessage(), e);
        }
    }

    public <T> T write(SqlWork<T> work) {
        if (writer != null) {
            writer.lock();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("database write failed: " + e.getMessage(), e);
        } finally {
            if (writer != null) {
                writer.unlock();
            }
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() throws IOException {
        closer.close();
    }
}
