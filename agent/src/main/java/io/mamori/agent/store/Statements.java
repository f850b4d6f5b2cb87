package io.mamori.agent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One-statement helpers for {@link SqlWork}: the values are bound in order, never joined into the SQL. */
public final class Statements {

    private Statements() {
    }

    /** Runs an INSERT, UPDATE or DELETE with its values bound to the {@code ?} in order; the rows it changed. */
    public static int update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }
}
