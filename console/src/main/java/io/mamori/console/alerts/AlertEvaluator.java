package io.mamori.console.alerts;

import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.json.ProtocolJson;
import io.micronaut.scheduling.annotation.Scheduled;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enabled alert rules over the events received since they last ran (every
 * {@code mamori.console.alerts.interval}, 10 s by default) and raises what they find through
 * {@link Alerts}. How far they have read is kept in {@code alert_cursor}, with an overlap, so a
 * restart misses nothing; an alert raised twice is one (its de-duplication key), and a rule about
 * one person waits its window before it alerts about them again.
 */
@Singleton
public class AlertEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
    /** Events received just before the cursor are read again: a transaction committed late is not missed. */
    private static final Duration OVERLAP = Duration.ofSeconds(30);
    /** At most this many people or agents are looked at per rule and round; the rest wait for the next round. */
    private static final int MAX_SUBJECTS = 1000;
    private static final int DEFAULT_COPY_MINUTES = 60;

    private final Database database;
    private final AlertRules rules;
    private final Alerts alerts;
    private final AlertSettings settings;
    private final Clock clock;

    public AlertEvaluator(Database database, AlertRules rules, Alerts alerts, AlertSettings settings, Clock clock) {
        this.database = database;
        this.rules = rules;
        this.alerts = alerts;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${mamori.console.alerts.interval:10s}", initialDelay = "${mamori.console.alerts.interval:10s}")
    void scheduled() {
        if (!settings.isEnabled()) {
            return;
        }
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.error("the alert rules could not run: {}", e.getMessage(), e);
        }
    }

    /** One round: every enabled rule over what arrived since the last round; how many alerts were raised. */
    public int evaluate() {
        Instant now = clock.instant();
        List<AlertRule> enabled = rules.enabled();
        Instant from = database.read(this::cursor).minus(OVERLAP);
        Map<AlertRule, List<Alerts.Candidate>> found = new LinkedHashMap<>();
        database.read(connection -> {
            for (AlertRule rule : enabled) {
                found.put(rule, switch (rule.kind()) {
                    case BULK_COPY -> copies(connection, rule, from, now, rule.files(), rule.megabytes());
                    case COPY -> copies(connection, rule, from, now, 1, null);
                    case REPEATED_OVERRIDES -> overrides(connection, rule, from, now);
                    case AGENT_SILENT -> silentAgents(connection, rule, now);
                    case LOG_INTEGRITY -> logIntegrity(connection, rule, from);
                });
            }
            return null;
        });
        return database.write(connection -> {
            int raised = 0;
            for (Map.Entry<AlertRule, List<Alerts.Candidate>> rule : found.entrySet()) {
                for (Alerts.Candidate candidate : rule.getValue()) {
                    if (alerts.raise(connection, rule.getKey(), candidate)) {
                        raised++;
                    }
                }
            }
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO alert_cursor (id, received_to) VALUES (1, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET received_to = excluded.received_to")) {
                Rows.setInstant(upsert, 1, now);
                upsert.executeUpdate();
            }
            return raised;
        });
    }

    private Instant cursor(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT received_to FROM alert_cursor WHERE id = 1");
                ResultSet row = select.executeQuery()) {
            // before the first round: the last hour (not every event ever stored)
            return row.next() ? Instant.ofEpochMilli(row.getLong(1)) : clock.instant().minus(Duration.ofHours(1));
        }
    }

    /** The people who copied to removable media since {@code from}: at least {@code files} files or {@code megabytes} MB in the window. */
    private List<Alerts.Candidate> copies(Connection connection, AlertRule rule, Instant from, Instant now, Integer files,
            Integer megabytes) throws SQLException {
        Duration window = Duration.ofMinutes(rule.minutes() != null ? rule.minutes() : DEFAULT_COPY_MINUTES);
        List<Alerts.Candidate> found = new ArrayList<>();
        for (String[] person : peopleWith(connection, rule, EventKind.FILE_WRITTEN, from)) {
            String agentId = person[0];
            String user = person[1];
            if (Alerts.raisedSince(connection, rule.id(), agentId, user, now.minus(window))) {
                continue; // told already in this window
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*), COALESCE(SUM(file_size), 0),"
                    + " MIN(occurred_at), MAX(occurred_at), MAX(host), COUNT(CASE WHEN action = 'BLOCK' THEN 1 END) FROM event"
                    + " WHERE agent_id = ? AND COALESCE(user_name, '') = ? AND kind = ? AND occurred_at >= ?")) {
                select.setString(1, agentId);
                select.setString(2, user == null ? "" : user);
                select.setString(3, EventKind.FILE_WRITTEN.name());
                Rows.setInstant(select, 4, now.minus(window));
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    long count = row.getLong(1);
                    long bytes = row.getLong(2);
                    boolean enough = files != null && count >= files
                            || megabytes != null && bytes >= (long) megabytes * 1024 * 1024;
                    if (enough && count > 0) {
                        Map<String, Object> facts = new LinkedHashMap<>();
                        facts.put("files", count);
                        facts.put("bytes", bytes);
                        facts.put("blocked", row.getLong(6));
                        facts.put("minutes", window.toMinutes());
                        facts.put("from", Instant.ofEpochMilli(row.getLong(3)).toString());
                        facts.put("to", Instant.ofEpochMilli(row.getLong(4)).toString());
                        found.add(new Alerts.Candidate(rule.id() + "|" + agentId + "|" + user + "|" + row.getLong(3), agentId,
                                row.getString(5), user, facts));
                    }
                }
            }
        }
        return found;
    }

    /** People whose continued held copies in the window reach the rule's count. */
    private List<Alerts.Candidate> overrides(Connection connection, AlertRule rule, Instant from, Instant now) throws SQLException {
        Duration window = Duration.ofMinutes(rule.minutes());
        List<Alerts.Candidate> found = new ArrayList<>();
        for (String[] person : peopleWith(connection, rule, EventKind.USER_RESPONSE, from)) {
            String agentId = person[0];
            String user = person[1];
            if (Alerts.raisedSince(connection, rule.id(), agentId, user, now.minus(window))) {
                continue;
            }
            int continued = 0;
            long files = 0;
            String host = null;
            try (PreparedStatement select = connection.prepareStatement("SELECT document, host FROM event WHERE agent_id = ?"
                    + " AND COALESCE(user_name, '') = ? AND kind = ? AND occurred_at >= ?")) {
                select.setString(1, agentId);
                select.setString(2, user == null ? "" : user);
                select.setString(3, EventKind.USER_RESPONSE.name());
                Rows.setInstant(select, 4, now.minus(window));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        Event event = ProtocolJson.read(row.getString(1).getBytes(StandardCharsets.UTF_8), Event.class);
                        if (event.response() != null && event.response().outcome() == OverrideOutcome.CONTINUED) {
                            continued++;
                            files += event.response().fileCount();
                            host = row.getString(2);
                        }
                    }
                }
            }
            if (continued >= rule.count()) {
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("count", continued);
                facts.put("files", files);
                facts.put("minutes", window.toMinutes());
                found.add(new Alerts.Candidate(rule.id() + "|" + agentId + "|" + user + "|" + now.toEpochMilli(), agentId, host, user,
                        facts));
            }
        }
        return found;
    }

    /** Agents not heard from for the rule's minutes: one alert per silence (its key is the last time heard from). */
    private List<Alerts.Candidate> silentAgents(Connection connection, AlertRule rule, Instant now) throws SQLException {
        List<Alerts.Candidate> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT a.id, a.hostname, a.last_seen_at FROM agent a"
                + " WHERE a.last_seen_at IS NOT NULL AND a.last_seen_at < ?" + groupFilter(rule, "a") + " ORDER BY a.last_seen_at LIMIT ?")) {
            Rows.setInstant(select, 1, now.minus(Duration.ofMinutes(rule.minutes())));
            int next = bindGroups(select, 2, rule);
            select.setInt(next, MAX_SUBJECTS);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Map<String, Object> facts = new LinkedHashMap<>();
                    facts.put("lastSeenAt", Instant.ofEpochMilli(row.getLong(3)).toString());
                    facts.put("minutes", rule.minutes());
                    found.add(new Alerts.Candidate(rule.id() + "|" + row.getString(1) + "|" + row.getLong(3), row.getString(1),
                            row.getString(2), null, facts));
                }
            }
        }
        return found;
    }

    /** Every LOG_INTEGRITY event received since {@code from}: one alert each. */
    private List<Alerts.Candidate> logIntegrity(Connection connection, AlertRule rule, Instant from) throws SQLException {
        List<Alerts.Candidate> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT e.event_id, e.agent_id, e.host, e.document FROM event e"
                + (rule.groups().isEmpty() ? "" : " JOIN agent a ON a.id = e.agent_id")
                + " WHERE e.kind = ? AND e.received_at >= ?" + groupFilter(rule, "a") + " ORDER BY e.received_at LIMIT ?")) {
            select.setString(1, EventKind.LOG_INTEGRITY.name());
            Rows.setInstant(select, 2, from);
            int next = bindGroups(select, 3, rule);
            select.setInt(next, MAX_SUBJECTS);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Event event = ProtocolJson.read(row.getString(4).getBytes(StandardCharsets.UTF_8), Event.class);
                    Map<String, Object> facts = new LinkedHashMap<>();
                    facts.put("eventId", row.getString(1));
                    facts.put("detail", event.detail() == null ? "" : event.detail());
                    found.add(new Alerts.Candidate(rule.id() + "|" + row.getString(1), row.getString(2), row.getString(3), null, facts));
                }
            }
        }
        return found;
    }

    /** (agent id, user name or null) of the events of this kind received since {@code from}, on the rule's groups' agents. */
    private static List<String[]> peopleWith(Connection connection, AlertRule rule, EventKind kind, Instant from) throws SQLException {
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> people = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT e.agent_id, e.user_name FROM event e"
                + (rule.groups().isEmpty() ? "" : " JOIN agent a ON a.id = e.agent_id")
                + " WHERE e.kind = ? AND e.received_at >= ?" + groupFilter(rule, "a") + " LIMIT ?")) {
            select.setString(1, kind.name());
            Rows.setInstant(select, 2, from);
            int next = bindGroups(select, 3, rule);
            select.setInt(next, MAX_SUBJECTS);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String agentId = row.getString(1);
                    String user = row.getString(2);
                    if (seen.add(agentId + "\n" + (user == null ? "" : user))) {
                        people.add(new String[] {agentId, user});
                    }
                }
            }
        }
        return people;
    }

    private static String groupFilter(AlertRule rule, String agentAlias) {
        return rule.groups().isEmpty() ? "" : " AND " + agentAlias + ".group_id IN ("
                + String.join(", ", java.util.Collections.nCopies(rule.groups().size(), "?")) + ")";
    }

    private static int bindGroups(PreparedStatement statement, int index, AlertRule rule) throws SQLException {
        int next = index;
        for (String group : rule.groups()) {
            statement.setString(next++, group);
        }
        return next;
    }
}
