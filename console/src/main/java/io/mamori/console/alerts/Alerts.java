package io.mamori.console.alerts;

import io.mamori.console.audit.AuditTrail;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.json.ProtocolJson;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerts raised: each one kept in {@code alert} (at most one per de-duplication key) and in the
 * audit trail, with one delivery per e-mail recipient and one for the webhook — unless the rule's
 * hourly limit is reached, when the alert is kept as {@code SUPPRESSED} and nothing is sent (it is
 * still listed: a limit hit is never silence).
 */
@Singleton
public class Alerts {

    /** The audit trail's actor for what the console does by itself. */
    static final String ACTOR = "mamori-alerts";

    /** Whether an alert was sent or held back by its rule's hourly limit. */
    public enum State { RAISED, SUPPRESSED }

    /** What a rule found: one alert, unless one of the same key exists. */
    record Candidate(String dedupKey, String agentId, String host, String user, Map<String, Object> facts) {
    }

    /** One delivery of an alert, as the API shows it. */
    public record DeliveryView(String channel, String target, String state, int attempts, String lastError, Instant sentAt) {
    }

    /** An alert, as the API shows it. */
    public record AlertView(String id, String ruleId, AlertKind kind, String agentId, String host, String user, Instant raisedAt,
            State state, Map<String, Object> facts, List<DeliveryView> deliveries) {
    }

    private final Database database;
    private final AuditTrail audit;
    private final Clock clock;

    public Alerts(Database database, AuditTrail audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /** Raises the alert unless its key was raised before; true when it is new. In the caller's transaction. */
    boolean raise(Connection connection, AlertRule rule, Candidate candidate) throws SQLException {
        Instant now = clock.instant();
        String id = EventIds.next().toString();
        State state = sentInLastHour(connection, rule.id(), now) >= rule.maxPerHour() ? State.SUPPRESSED : State.RAISED;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alert (id, rule_id, kind, dedup_key, agent_id,"
                + " host, user_name, raised_at, state, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING")) {
            insert.setString(1, id);
            insert.setString(2, rule.id());
            insert.setString(3, rule.kind().name());
            insert.setString(4, candidate.dedupKey());
            Rows.setText(insert, 5, candidate.agentId());
            Rows.setText(insert, 6, candidate.host());
            Rows.setText(insert, 7, candidate.user());
            Rows.setInstant(insert, 8, now);
            insert.setString(9, state.name());
            insert.setString(10, ProtocolJson.write(candidate.facts()));
            if (insert.executeUpdate() == 0) {
                return false;
            }
        }
        if (state == State.RAISED) {
            for (String email : rule.emails()) {
                addDelivery(connection, id, AlertDeliveries.EMAIL, email, now);
            }
            if (rule.webhookUrl() != null) {
                addDelivery(connection, id, AlertDeliveries.WEBHOOK, rule.webhookUrl(), now);
            }
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rule", rule.id());
        detail.put("kind", rule.kind().name());
        detail.put("state", state.name());
        detail.put("agentId", candidate.agentId());
        audit.record(connection, ACTOR, null, state == State.RAISED ? "alert.raise" : "alert.suppress", "alert", id, detail);
        return true;
    }

    /** Whether the rule raised an alert about this agent and person since {@code since} (a rule's cool-down). */
    static boolean raisedSince(Connection connection, String ruleId, String agentId, String user, Instant since)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM alert WHERE rule_id = ? AND agent_id = ?"
                + " AND COALESCE(user_name, '') = ? AND raised_at >= ? LIMIT 1")) {
            select.setString(1, ruleId);
            select.setString(2, agentId);
            select.setString(3, user == null ? "" : user);
            Rows.setInstant(select, 4, since);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The newest alerts, with their deliveries. */
    public List<AlertView> recent(int limit) {
        return database.read(connection -> {
            List<AlertView> alerts = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, rule_id, kind, agent_id, host, user_name,"
                    + " raised_at, state, facts FROM alert ORDER BY raised_at DESC, id DESC LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        Map<String, Object> facts = facts(row.getString("facts"));
                        alerts.add(new AlertView(row.getString("id"), row.getString("rule_id"), AlertKind.valueOf(row.getString("kind")),
                                row.getString("agent_id"), row.getString("host"), row.getString("user_name"),
                                Rows.instant(row, "raised_at"), State.valueOf(row.getString("state")), facts, List.of()));
                    }
                }
            }
            List<AlertView> withDeliveries = new ArrayList<>();
            for (AlertView alert : alerts) {
                withDeliveries.add(new AlertView(alert.id(), alert.ruleId(), alert.kind(), alert.agentId(), alert.host(), alert.user(),
                        alert.raisedAt(), alert.state(), alert.facts(), deliveries(connection, alert.id())));
            }
            return withDeliveries;
        });
    }

    /** An alert's facts as stored: numbers stay numbers, everything else is text. */
    static Map<String, Object> facts(String json) {
        Map<String, Object> facts = new LinkedHashMap<>();
        ProtocolJson.readTree(json.getBytes(StandardCharsets.UTF_8)).fields().forEachRemaining(f -> facts.put(f.getKey(),
                f.getValue().isNumber() ? f.getValue().numberValue() : f.getValue().asText()));
        return facts;
    }

    private static List<DeliveryView> deliveries(Connection connection, String alertId) throws SQLException {
        List<DeliveryView> deliveries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT channel, target, state, attempts, last_error, sent_at"
                + " FROM alert_delivery WHERE alert_id = ? ORDER BY channel, target")) {
            select.setString(1, alertId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Long sent = Rows.nullableLong(row, "sent_at");
                    deliveries.add(new DeliveryView(row.getString("channel"), row.getString("target"), row.getString("state"),
                            row.getInt("attempts"), row.getString("last_error"), sent == null ? null : Instant.ofEpochMilli(sent)));
                }
            }
        }
        return deliveries;
    }

    private static int sentInLastHour(Connection connection, String ruleId, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM alert WHERE rule_id = ? AND state = ?"
                + " AND raised_at >= ?")) {
            select.setString(1, ruleId);
            select.setString(2, State.RAISED.name());
            Rows.setInstant(select, 3, now.minus(Duration.ofHours(1)));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static void addDelivery(Connection connection, String alertId, String channel, String target, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alert_delivery (alert_id, channel, target, state,"
                + " attempts, next_attempt_at) VALUES (?, ?, ?, 'PENDING', 0, ?)")) {
            insert.setString(1, alertId);
            insert.setString(2, channel);
            insert.setString(3, target);
            Rows.setInstant(insert, 4, now);
            insert.executeUpdate();
        }
    }
}
