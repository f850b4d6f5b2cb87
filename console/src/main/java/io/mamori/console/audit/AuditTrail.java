package io.mamori.console.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.Cursor;
import io.mamori.console.web.Page;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.json.ProtocolJson;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The audit trail: every administrator action and every sign-in, success or failure, append-only.
 * Entries are written in the same transaction as the change they record, so there is no change
 * without its entry and no entry for a change that was rolled back. Secrets (passwords, tokens,
 * codes) are never part of an entry.
 */
@Singleton
public class AuditTrail {

    /** One entry as the admin API shows it. */
    public record Entry(String id, Instant at, String actor, String action, String targetType, String targetId,
            JsonNode detail, String client) {
    }

    /** What to look for; every part is optional. */
    public record Query(Instant from, Instant to, String actor, String action, Cursor cursor, int limit) {
    }

    private final Database database;
    private final Clock clock;

    public AuditTrail(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public void record(Connection connection, AdminPrincipal actor, String action, String targetType, String targetId,
            Map<String, ?> detail) throws SQLException {
        record(connection, actor.username(), actor.client(), action, targetType, targetId, detail);
    }

    public void record(Connection connection, String actor, String client, String action, String targetType, String targetId,
            Map<String, ?> detail) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_entry"
                + " (id, at, actor, action, target_type, target_id, detail, client) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, EventIds.next().toString());
            Rows.setInstant(insert, 2, clock.instant());
            insert.setString(3, actor);
            insert.setString(4, action);
            Rows.setText(insert, 5, targetType);
            Rows.setText(insert, 6, targetId);
            Rows.setText(insert, 7, detail == null || detail.isEmpty() ? null : ProtocolJson.write(detail));
            Rows.setText(insert, 8, client);
            insert.executeUpdate();
        }
    }

    /** Records an entry in a transaction of its own (sign-in failures, which change nothing else). */
    public void record(String actor, String client, String action, String targetType, String targetId, Map<String, ?> detail) {
        database.write(connection -> {
            record(connection, actor, client, action, targetType, targetId, detail);
            return null;
        });
    }

    public Page<Entry> search(Query query) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, target_type, target_id, detail, client"
                + " FROM audit_entry WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.from() != null) {
            sql.append(" AND at >= ?");
            parameters.add(query.from().toEpochMilli());
        }
        if (query.to() != null) {
            sql.append(" AND at < ?");
            parameters.add(query.to().toEpochMilli());
        }
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            parameters.add(query.actor());
        }
        if (query.action() != null) {
            sql.append(" AND action = ?");
            parameters.add(query.action());
        }
        if (query.cursor() != null) {
            sql.append(" AND (at < ? OR (at = ? AND id < ?))");
            parameters.add(query.cursor().time().toEpochMilli());
            parameters.add(query.cursor().time().toEpochMilli());
            parameters.add(query.cursor().id());
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        parameters.add(query.limit() + 1);
        return database.read(connection -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        String detail = row.getString("detail");
                        entries.add(new Entry(row.getString("id"), Rows.instant(row, "at"), row.getString("actor"),
                                row.getString("action"), row.getString("target_type"), row.getString("target_id"),
                                detail == null ? null : ProtocolJson.readTree(detail.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                                row.getString("client")));
                    }
                }
            }
            String next = null;
            if (entries.size() > query.limit()) {
                entries.remove(entries.size() - 1);
                Entry last = entries.get(entries.size() - 1);
                next = new Cursor(last.at(), last.id()).encode();
            }
            return new Page<>(entries, next);
        });
    }
}
