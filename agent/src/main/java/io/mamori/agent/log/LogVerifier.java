package io.mamori.agent.log;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an operation log: every record's hash, every link to the record before, no gap in the
 * numbering, every checkpoint and the anchor signed by the agent's key and matching the records.
 * Reports the first broken record. Works on a read-only connection beside a running agent.
 */
public final class LogVerifier {

    private LogVerifier() {
    }

    /** What verification found. {@code brokenAt} is 0 when the log is intact. */
    public record Result(long records, long firstSeq, long lastSeq, int checkpoints, long brokenAt, String problem) {

        public boolean intact() {
            return brokenAt == 0 && problem == null;
        }
    }

    private record Checkpoint(long seq, String hash, long createdAt, String signature) {
    }

    public static Result verify(Connection connection, PublicKey agentKey) throws SQLException {
        long expectedSeq = 1;
        String previous = ChainHash.GENESIS;
        try (Statement statement = connection.createStatement();
                ResultSet anchor = statement.executeQuery("SELECT seq, hash, signature FROM anchor WHERE id = 1")) {
            if (anchor.next()) {
                long seq = anchor.getLong(1);
                String hash = anchor.getString(2);
                if (!AgentKey.verify(agentKey, ChainHash.anchorMessage(seq, hash), anchor.getString(3))) {
                    return new Result(0, 0, 0, 0, seq, "the anchor (the last pruned record, #" + seq
                            + ") is not signed by this agent's key");
                }
                expectedSeq = seq + 1;
                previous = hash;
            }
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT seq, hash, created_at, signature FROM checkpoint ORDER BY seq")) {
            while (row.next()) {
                checkpoints.add(new Checkpoint(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4)));
            }
        }
        for (Checkpoint checkpoint : checkpoints) {
            if (!AgentKey.verify(agentKey, ChainHash.checkpointMessage(checkpoint.seq(), checkpoint.hash(), checkpoint.createdAt()),
                    checkpoint.signature())) {
                return new Result(0, 0, 0, checkpoints.size(), checkpoint.seq(),
                        "the checkpoint at #" + checkpoint.seq() + " is not signed by this agent's key");
            }
        }
        int nextCheckpoint = 0;
        long records = 0;
        long first = 0;
        long last = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, event_id, occurred_at, kind, action, document, prev_hash, hash, state FROM record ORDER BY seq")) {
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    LogRecord record = LogRecord.from(row);
                    if (record.seq() != expectedSeq) {
                        return broken(records, first, last, checkpoints.size(), expectedSeq, record.seq() > expectedSeq
                                ? "record #" + expectedSeq + (record.seq() - expectedSeq > 1 ? " to #" + (record.seq() - 1) : "")
                                        + " is missing (deleted)"
                                : "record #" + record.seq() + " is out of order");
                    }
                    if (!record.prevHash().equals(previous)) {
                        return broken(records, first, last, checkpoints.size(), record.seq(),
                                "record #" + record.seq() + " does not follow the record before it (a record before it was"
                                        + " deleted or changed)");
                    }
                    String hash = ChainHash.of(previous, record.seq(), record.document());
                    if (!hash.equals(record.hash())) {
                        return broken(records, first, last, checkpoints.size(), record.seq(),
                                "record #" + record.seq() + " was changed after it was written (its hash does not match)");
                    }
                    while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).seq() < record.seq()) {
                        nextCheckpoint++;
                    }
                    if (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).seq() == record.seq()
                            && !checkpoints.get(nextCheckpoint).hash().equals(hash)) {
                        return broken(records, first, last, checkpoints.size(), record.seq(),
                                "record #" + record.seq() + " differs from what the signed checkpoint recorded (the chain"
                                        + " was rewritten)");
                    }
                    previous = hash;
                    expectedSeq = record.seq() + 1;
                    records++;
                    if (first == 0) {
                        first = record.seq();
                    }
                    last = record.seq();
                }
            }
        }
        if (!checkpoints.isEmpty()) {
            Checkpoint latest = checkpoints.get(checkpoints.size() - 1);
            if (latest.seq() > last) {
                return broken(records, first, last, checkpoints.size(), last + 1,
                        "records #" + (last + 1) + " to #" + latest.seq() + " are missing (the signed checkpoint at #"
                                + latest.seq() + " names them): the end of the log was deleted");
            }
        }
        return new Result(records, first, last, checkpoints.size(), 0, null);
    }

    private static Result broken(long records, long first, long last, int checkpoints, long at, String problem) {
        return new Result(records, first, last, checkpoints, at, problem);
    }
}
