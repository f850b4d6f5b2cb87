package io.mamori.agent.requests;

import io.mamori.agent.store.SqliteFile;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.request.DeviceRequest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The employees' device requests this agent has made, kept in the operation log's file (table
 * {@code device_request}, owned here) until the console has them, and after, so that its answer
 * can name the device: {@code UNSENT}, {@code SENT} or {@code REFUSED} (the console said why).
 */
final class DeviceRequestStore {

    /** Where a request stands on its way to the console. */
    enum State { UNSENT, SENT, REFUSED }

    /** A request kept, with the user id of the person who asked (to tell them the answer) when known. */
    record Kept(DeviceRequest request, Long uid, State state) {
    }

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS device_request (id TEXT PRIMARY KEY, document TEXT NOT NULL, uid INTEGER,"
                    + " state TEXT NOT NULL, problem TEXT, made_at INTEGER NOT NULL)");

    private final SqliteFile file;

    DeviceRequestStore(SqliteFile file) throws SQLException {
        this.file = file;
        file.ensureTable(SCHEMA);
    }

    void add(DeviceRequest request, Long uid) throws SQLException {
        file.update("INSERT INTO device_request (id, document, uid, state, made_at) VALUES (?, ?, ?, ?, ?)",
                request.requestId().toString(), ProtocolJson.write(request), uid, State.UNSENT.name(),
                request.requestedAt().toEpochMilli());
    }

    List<Kept> unsent(int limit) throws SQLException {
        return select("SELECT document, uid, state FROM device_request WHERE state = 'UNSENT' ORDER BY made_at LIMIT ?", limit);
    }

    Optional<Kept> find(UUID id) throws SQLException {
        return select("SELECT document, uid, state FROM device_request WHERE id = ?", id.toString()).stream().findFirst();
    }

    void mark(UUID id, State state, String problem) throws SQLException {
        file.update("UPDATE device_request SET state = ?, problem = ? WHERE id = ?", state.name(), problem, id.toString());
    }

    private List<Kept> select(String sql, Object parameter) throws SQLException {
        return file.run(c -> {
            List<Kept> kept = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setObject(1, parameter);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        long uid = row.getLong(2);
                        kept.add(new Kept(ProtocolJson.read(row.getString(1), DeviceRequest.class), row.wasNull() ? null : uid,
                                State.valueOf(row.getString(3))));
                    }
                }
            }
            return kept;
        });
    }
}
