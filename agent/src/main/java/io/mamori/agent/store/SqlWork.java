package io.mamori.agent.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a {@link SqliteFile}'s connection, run under the file's lock. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
