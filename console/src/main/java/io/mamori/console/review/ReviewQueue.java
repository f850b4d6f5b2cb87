package io.mamori.console.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.audit.AuditTrail;
import io.mamori.console.commands.CommandQueue;
import io.mamori.console.commands.CommandResultListener;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.Cursor;
import io.mamori.console.web.Page;
import io.mamori.protocol.command.CommandOutcome;
import io.mamori.protocol.command.CommandResult;
import io.mamori.protocol.command.PurgeFile;
import io.mamori.protocol.command.ReleaseFile;
import io.mamori.protocol.json.ProtocolJson;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Blocked copies waiting for a decision. Approving sends the agent a command to put the file
 * back; denying sends one to destroy the quarantined copy. The item follows the command: it is
 * RELEASED or PURGED when the agent reports success, FAILED (and can be decided again) when it
 * reports failure.
 */
@Singleton
public class ReviewQueue implements CommandResultListener {

    public enum State {
        PENDING,
        RELEASE_REQUESTED,
        RELEASED,
        PURGE_REQUESTED,
        PURGED,
        FAILED
    }

    /** A review item with the blocked event as the agent reported it. */
    public record ReviewItem(String eventId, String agentId, Instant createdAt, State state, String decidedBy,
            Instant decidedAt, String comment, String commandId, JsonNode event) {
    }

    private final Database database;
    private final CommandQueue commands;
    private final io.mamori.console.policy.PolicyStore policies;
    private final AuditTrail audit;
    private final Clock clock;

    public ReviewQueue(Database database, CommandQueue commands, io.mamori.console.policy.PolicyStore policies, AuditTrail audit,
            Clock clock) {
        this.policies = policies;
        this.database = database;
        this.commands = commands;
        this.audit = audit;
        this.clock = clock;
    }

    /** Opens an item for a blocked copy, inside the ingest transaction; a repeat is ignored. */
    public void open(Connection connection, String eventId, String agentId, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO review_item (event_id, agent_id, created_at,"
                + " state) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")) {
            insert.setString(1, eventId);
            insert.setString(2, agentId);
            Rows.setInstant(insert, 3, now);
            insert.setString(4, State.PENDING.name());
            insert.executeUpdate();
        }
    }

    /** The items awaiting a decision: never decided, or decided and failed on the agent. */
    public static final Set<State> OPEN = Set.of(State.PENDING, State.FAILED);

    public Page<ReviewItem> list(State state, Cursor cursor, int limit) {
        return list(state == null ? Set.of() : Set.of(state), cursor, limit);
    }

    /** Items in any of {@code states} (every item when empty), newest first, after {@code cursor}. */
    public Page<ReviewItem> list(Set<State> states, Cursor cursor, int limit) {
        // One index walk per state (review_item_by_state is (state, created_at)), merged here: a
        // single query over several states sorted all of their items, and read every item's event
        // document, before the page was cut (half a second with 57,000 items waiting).
        List<State> wanted = states.isEmpty() ? List.of(State.values()) : states.stream().sorted().toList();
        List<ReviewItem> items = database.read(connection -> {
            List<Object[]> keys = new ArrayList<>();
            for (State state : wanted) {
                keys.addAll(newest(connection, state, cursor, limit + 1));
            }
            keys.sort((a, b) -> {
                int byTime = Long.compare((Long) b[1], (Long) a[1]);
                return byTime != 0 ? byTime : ((String) b[0]).compareTo((String) a[0]);
            });
            List<String> page = keys.stream().limit(limit + 1L).map(k -> (String) k[0]).toList();
            return items(connection, page);
        });
        String next = null;
        if (items.size() > limit) {
            items.remove(items.size() - 1);
            ReviewItem last = items.get(items.size() - 1);
            next = new Cursor(last.createdAt(), last.eventId()).encode();
        }
        return new Page<>(items, next);
    }

    /** The ids and times of a state's newest items after the cursor. */
    private static List<Object[]> newest(Connection connection, State state, Cursor cursor, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT event_id, created_at FROM review_item WHERE state = ?");
        if (cursor != null) {
            sql.append(" AND (created_at < ? OR (created_at = ? AND event_id < ?))");
        }
        sql.append(" ORDER BY created_at DESC, event_id DESC LIMIT ?");
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            select.setString(i++, state.name());
            if (cursor != null) {
                select.setLong(i++, cursor.time().toEpochMilli());
                select.setLong(i++, cursor.time().toEpochMilli());
                select.setString(i++, cursor.id());
            }
            select.setInt(i, limit);
            List<Object[]> keys = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    keys.add(new Object[] {row.getString(1), row.getLong(2)});
                }
            }
            return keys;
        }
    }

    /** These items with their events, in this order. */
    private static List<ReviewItem> items(Connection connection, List<String> eventIds) throws SQLException {
        if (eventIds.isEmpty()) {
            return new ArrayList<>();
        }
        Map<String, ReviewItem> found = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT r.event_id, r.agent_id, r.created_at, r.state,"
                + " r.decided_by, r.decided_at, r.comment, r.command_id, e.document FROM review_item r"
                + " JOIN event e ON e.event_id = r.event_id WHERE r.event_id IN ("
                + String.join(", ", Collections.nCopies(eventIds.size(), "?")) + ")")) {
            for (int i = 0; i < eventIds.size(); i++) {
                select.setString(i + 1, eventIds.get(i));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ReviewItem item = map(row);
                    found.put(item.eventId(), item);
                }
            }
        }
        List<ReviewItem> ordered = new ArrayList<>(eventIds.size());
        for (String id : eventIds) {
            ReviewItem item = found.get(id);
            if (item != null) {
                ordered.add(item);
            }
        }
        return ordered;
    }

    public ReviewItem get(String eventId) {
        return database.read(connection -> find(connection, eventId))
                .orElseThrow(() -> ApiException.notFound("review item " + eventId));
    }

    /**
     * Release: the agent writes the file back to its device, or to {@code destination}, a folder of
     * the home of the employee who copied it (relative to it, among the policy's
     * {@code releaseFolders}), written as the employee.
     */
    public ReviewItem approve(AdminPrincipal reviewer, String eventId, String comment, String destination) {
        checkComment(comment);
        if (destination != null) {
            io.mamori.protocol.policy.ReleaseFolders.check(destination, "destination");
        }
        return decide(reviewer, eventId, comment, State.RELEASE_REQUESTED, (connection, item, sha256, now) -> {
            if (destination != null) {
                java.util.List<String> allowed = policies.releaseFolders(connection, item.agentId());
                if (!io.mamori.protocol.policy.ReleaseFolders.allows(allowed, destination)) {
                    throw ApiException.badRequest("destination", allowed.isEmpty()
                            ? "this agent's policy allows releases back to the device only (releaseFolders is empty)"
                            : "must be one of the policy's releaseFolders or a folder under one: " + String.join(", ", allowed));
                }
            }
            ReleaseFile command = new ReleaseFile(UUID.randomUUID(), now, UUID.fromString(eventId), sha256, destination);
            commands.issue(connection, item.agentId(), command, reviewer.username());
            audit.record(connection, reviewer, "review.approved", "event", eventId, Map.of("command", command.commandId().toString(),
                    "comment", comment == null ? "" : comment));
            return command.commandId().toString();
        });
    }

    /** Deny: the agent destroys the quarantined copy. */
    public ReviewItem deny(AdminPrincipal reviewer, String eventId, String comment) {
        checkComment(comment);
        return decide(reviewer, eventId, comment, State.PURGE_REQUESTED, (connection, item, sha256, now) -> {
            PurgeFile command = new PurgeFile(UUID.randomUUID(), now, UUID.fromString(eventId), sha256);
            commands.issue(connection, item.agentId(), command, reviewer.username());
            audit.record(connection, reviewer, "review.denied", "event", eventId, Map.of("command", command.commandId().toString(),
                    "comment", comment == null ? "" : comment));
            return command.commandId().toString();
        });
    }

    @FunctionalInterface
    private interface Decision {
        String issue(Connection connection, ReviewItem item, String sha256, Instant now) throws SQLException;
    }

    private ReviewItem decide(AdminPrincipal reviewer, String eventId, String comment, State next, Decision decision) {
        Instant now = clock.instant();
        return database.write(connection -> {
            ReviewItem item = find(connection, eventId).orElseThrow(() -> ApiException.notFound("review item " + eventId));
            if (!OPEN.contains(item.state())) {
                throw ApiException.conflict("this copy was already decided (" + item.state() + " by " + item.decidedBy() + ")");
            }
            String sha256 = item.event().path("file").path("sha256").asText(null);
            if (sha256 == null) {
                throw ApiException.conflict("the agent did not report the file's hash, so it cannot be identified safely");
            }
            String commandId = decision.issue(connection, item, sha256, now);
            try (PreparedStatement update = connection.prepareStatement("UPDATE review_item SET state = ?, decided_by = ?,"
                    + " decided_at = ?, comment = ?, command_id = ? WHERE event_id = ?")) {
                update.setString(1, next.name());
                update.setString(2, reviewer.username());
                Rows.setInstant(update, 3, now);
                Rows.setText(update, 4, comment);
                update.setString(5, commandId);
                update.setString(6, eventId);
                update.executeUpdate();
            }
            return find(connection, eventId).orElseThrow();
        });
    }

    @Override
    public void onResult(Connection connection, String agentId, String commandType, CommandResult result) throws SQLException {
        State state;
        if (result.outcome() != CommandOutcome.DONE) {
            state = State.FAILED;
        } else if (ReleaseFile.TYPE.equals(commandType)) {
            state = State.RELEASED;
        } else if (PurgeFile.TYPE.equals(commandType)) {
            state = State.PURGED;
        } else {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE review_item SET state = ? WHERE command_id = ? AND agent_id = ?")) {
            update.setString(1, state.name());
            update.setString(2, result.commandId().toString());
            update.setString(3, agentId);
            update.executeUpdate();
        }
    }

    /** How many items wait in each state (for the dashboard). */
    public Map<State, Long> counts() {
        return database.read(connection -> {
            Map<State, Long> counts = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT state, COUNT(*) FROM review_item GROUP BY state");
                    ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    counts.put(State.valueOf(row.getString(1)), row.getLong(2));
                }
            }
            return counts;
        });
    }

    Optional<ReviewItem> find(Connection connection, String eventId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT r.event_id, r.agent_id, r.created_at, r.state,"
                + " r.decided_by, r.decided_at, r.comment, r.command_id, e.document FROM review_item r"
                + " JOIN event e ON e.event_id = r.event_id WHERE r.event_id = ?")) {
            select.setString(1, eventId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(map(row)) : Optional.empty();
            }
        }
    }

    private static void checkComment(String comment) {
        if (comment != null && comment.length() > 2000) {
            throw ApiException.badRequest("comment", "must be at most 2000 characters");
        }
    }

    private static ReviewItem map(ResultSet row) throws SQLException {
        return new ReviewItem(row.getString("event_id"), row.getString("agent_id"), Rows.instant(row, "created_at"),
                State.valueOf(row.getString("state")), row.getString("decided_by"), Rows.instant(row, "decided_at"),
                row.getString("comment"), row.getString("command_id"),
                ProtocolJson.readTree(row.getString("document").getBytes(StandardCharsets.UTF_8)));
    }
}
