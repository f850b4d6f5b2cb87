package io.mamori.agent.policy;

import io.mamori.agent.store.SqliteFile;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.ExceptionGrant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exceptions the console granted this machine, kept in the operation log's file (table
 * {@code exception_grant}, owned here) until they expire or are revoked.
 */
public final class ExceptionGrants {

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionGrants.class);
    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS exception_grant (id TEXT PRIMARY KEY, document TEXT NOT NULL, expires_at INTEGER NOT NULL)");

    private final SqliteFile file;

    public ExceptionGrants(SqliteFile file) throws SQLException {
        this.file = file;
        file.ensureTable(SCHEMA);
    }

    /** Keeps a grant; a grant of the same id replaces the one before. */
    public void grant(ExceptionGrant grant) throws SQLException {
        file.update("INSERT INTO exception_grant (id, document, expires_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET document = excluded.document, expires_at = excluded.expires_at",
                grant.id(), ProtocolJson.write(grant), grant.expiresAt().toEpochMilli());
    }

    /** Ends a grant; false if none of that id was kept. */
    public boolean revoke(String id) throws SQLException {
        return file.update("DELETE FROM exception_grant WHERE id = ?", id) > 0;
    }

    /** The grants in force at {@code now}; none when they cannot be read (decisions then use policy alone). */
    public List<ExceptionGrant> inForce(Instant now) {
        try {
            return file.run(c -> {
                List<ExceptionGrant> grants = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT document FROM exception_grant WHERE expires_at > ? ORDER BY id")) {
                    select.setLong(1, now.toEpochMilli());
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            grants.add(ProtocolJson.read(row.getString(1), ExceptionGrant.class));
                        }
                    }
                }
                return grants;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot read the exceptions in force ({}); deciding by policy alone", e.getMessage());
            return List.of();
        }
    }
}
