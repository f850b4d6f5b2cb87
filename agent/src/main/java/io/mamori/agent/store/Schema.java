package io.mamori.agent.store;

import java.util.List;

/**
 * The tables a {@link SqliteFile} starts with and the format number it writes into SQLite's
 * {@code user_version}: a file of another format is never misread (see {@link SqliteFile.Role}).
 * Stores that share a file and own a table of their own add it with {@link SqliteFile#ensureTable}.
 *
 * @param version    the format, from 1
 * @param statements what makes a new file of this format, run in one transaction
 */
public record Schema(int version, List<String> statements) {

    public Schema {
        if (version < 1) {
            throw new IllegalArgumentException("a schema's format number starts at 1");
        }
        statements = List.copyOf(statements);
    }
}
