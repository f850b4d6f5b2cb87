package io.mamori.agent.log;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * One record of the operation log: the event in canonical JSON, its place in the hash chain and
 * its delivery state ({@link OperationLog#UNSENT}, {@code SENT}, {@code DROPPED}, {@code REJECTED}).
 */
public record LogRecord(long seq, UUID eventId, Instant occurredAt, String kind, String action, String document,
        String prevHash, String hash, int state) {

    static LogRecord from(ResultSet row) throws SQLException {
        return new LogRecord(row.getLong("seq"), UUID.fromString(row.getString("event_id")),
                Instant.ofEpochMilli(row.getLong("occurred_at")), row.getString("kind"), row.getString("action"),
                row.getString("document"), row.getString("prev_hash"), row.getString("hash"), row.getInt("state"));
    }

    public String stateName() {
        return switch (state) {
            case OperationLog.UNSENT -> "unsent";
            case OperationLog.SENT -> "sent";
            case OperationLog.DROPPED -> "dropped";
            case OperationLog.REJECTED -> "rejected";
            default -> "state " + state;
        };
    }
}
