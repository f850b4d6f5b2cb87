package io.mamori.console.agents;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.ConsoleSettings;
import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.audit.AuditTrail;
import io.mamori.console.commands.CommandQueue;
import io.mamori.console.keys.PolicyKeys;
import io.mamori.console.keys.Secrets;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.Cursor;
import io.mamori.console.web.Page;
import io.mamori.protocol.AgentId;
import io.mamori.protocol.api.EnrollRequest;
import io.mamori.protocol.api.EnrollResponse;
import io.mamori.protocol.command.RefreshPatchStatus;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrolled agents: enrollment, authentication of their calls, and what administrators see and do
 * (list, details, move to a group, revoke). An agent's secret is 256 random bits shown to it once;
 * the console keeps its SHA-256.
 */
@Singleton
public class AgentRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);
    private static final String COLUMNS = "id, hostname, os, os_version, agent_version, group_id, key_id, token_id,"
            + " enrolled_at, last_seen_at, status, policy_version, queue_length, dropped_events, patch, media_watch, revoked_at";

    /**
     * An authenticated agent: its group, the key it pinned, the policy version its group uses and
     * the SHA-256 of the uninstall token in force for it (its own, else its group's; null when
     * neither has one), read in the same query (a heartbeat needs all of them).
     */
    public record Caller(String agentId, String groupId, String keyId, long policyVersion, String uninstallTokenSha256) {
    }

    /** An agent as administrators see it. */
    public record AgentView(String id, String hostname, String os, String osVersion, String agentVersion, String groupId,
            String keyId, String tokenId, Instant enrolledAt, Instant lastSeenAt, String status, boolean online,
            long policyVersion, long queueLength, long droppedEvents, JsonNode patch, JsonNode mediaWatch, Instant revokedAt) {
    }

    /** What to list; every part optional. */
    public record Query(String groupId, String hostname, String state, Cursor cursor, int limit) {
    }

    private final Database database;
    private final EnrollmentTokens tokens;
    private final AgentGroups groups;
    private final PolicyKeys keys;
    private final AuditTrail audit;
    private final HeartbeatRecorder heartbeats;
    private final CommandQueue commands;
    private final ConsoleSettings settings;
    private final Clock clock;

    public AgentRegistry(Database database, EnrollmentTokens tokens, AgentGroups groups, PolicyKeys keys, AuditTrail audit,
            HeartbeatRecorder heartbeats, CommandQueue commands, ConsoleSettings settings, Clock clock) {
        this.commands = commands;
        this.database = database;
        this.tokens = tokens;
        this.groups = groups;
        this.keys = keys;
        this.audit = audit;
        this.heartbeats = heartbeats;
        this.settings = settings;
        this.clock = clock;
    }

    /** Trades a good token for an identity; a bad one is refused with no detail (the log says why). */
    public EnrollResponse enroll(EnrollRequest request, String client) {
        Instant now = clock.instant();
        AgentId agentId = request.agentId() != null ? request.agentId() : AgentId.random();
        String secret = Secrets.newToken();
        String keyId = keys.currentKeyId();
        Optional<String> group = database.write(connection -> {
            Optional<EnrollmentTokens.Use> use = tokens.use(connection, request.token(), now);
            if (use.isEmpty()) {
                return Optional.<String>empty();
            }
            if (request.agentId() != null && known(connection, agentId)) {
                // thrown inside the transaction, so the token is not used up
                throw ApiException.conflict("agentId: an agent with this id is already enrolled");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO agent (id, secret_hash, hostname, os,"
                    + " os_version, agent_version, group_id, key_id, token_id, enrolled_at, policy_version, queue_length,"
                    + " dropped_events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)")) {
                insert.setString(1, agentId.toString());
                insert.setString(2, Secrets.sha256Hex(secret));
                insert.setString(3, request.hostname());
                insert.setString(4, request.os().name());
                Rows.setText(insert, 5, request.osVersion());
                insert.setString(6, request.agentVersion());
                insert.setString(7, use.get().groupId());
                insert.setString(8, keyId);
                insert.setString(9, use.get().tokenId());
                Rows.setInstant(insert, 10, now);
                insert.executeUpdate();
            }
            audit.record(connection, "enrollment-token:" + use.get().tokenId(), client, "agent.enrolled", "agent",
                    agentId.toString(), Map.of("hostname", request.hostname(), "group", use.get().groupId(),
                            "os", request.os().name(), "agentVersion", request.agentVersion()));
            return Optional.of(use.get().groupId());
        });
        if (group.isEmpty()) {
            LOG.warn("enrollment of {} from {} refused: {}", request.hostname(), client, tokens.whyRefused(request.token(), now));
            throw ApiException.unauthorized();
        }
        LOG.info("agent {} ({}) enrolled into group {}", agentId, request.hostname(), group.get());
        return new EnrollResponse(agentId, secret, keys.publicKey(keyId), keyId);
    }

    private static boolean known(Connection connection, AgentId agentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM agent WHERE id = ?")) {
            select.setString(1, agentId.toString());
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The agent behind a bearer secret, if the secret is its own and it is not revoked. */
    public Optional<Caller> authenticate(String agentId, String secret) {
        if (secret == null || secret.length() > 256) {
            return Optional.empty();
        }
        try {
            AgentId.parse(agentId);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT a.secret_hash, a.group_id, a.key_id, a.revoked_at, p.current_version,"
                            + " COALESCE(ua.sha256, ug.sha256) FROM agent a"
                            + " JOIN agent_group g ON g.id = a.group_id JOIN policy p ON p.name = g.policy_name"
                            + " LEFT JOIN uninstall_token ua ON ua.scope = 'agent' AND ua.target_id = a.id"
                            + " LEFT JOIN uninstall_token ug ON ug.scope = 'group' AND ug.target_id = a.group_id WHERE a.id = ?")) {
                select.setString(1, agentId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || Rows.nullableLong(row, "revoked_at") != null
                            || !Secrets.equal(row.getString(1), Secrets.sha256Hex(secret))) {
                        return Optional.<Caller>empty();
                    }
                    return Optional.of(new Caller(agentId, row.getString(2), row.getString(3), row.getLong(5), row.getString(6)));
                }
            }
        });
    }

    public Page<AgentView> list(Query query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM agent WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.groupId() != null) {
            sql.append(" AND group_id = ?");
            parameters.add(query.groupId());
        }
        if (query.hostname() != null && !query.hostname().isBlank()) {
            sql.append(" AND LOWER(hostname) LIKE ? ESCAPE '\\'");
            parameters.add(Rows.containing(query.hostname().strip().toLowerCase(java.util.Locale.ROOT)));
        }
        String state = query.state() == null ? "all" : query.state();
        long onlineSince = onlineSince().toEpochMilli();
        switch (state) {
            case "all" -> { }
            case "revoked" -> sql.append(" AND revoked_at IS NOT NULL");
            case "online" -> {
                sql.append(" AND revoked_at IS NULL AND last_seen_at >= ?");
                parameters.add(onlineSince);
            }
            case "offline" -> {
                sql.append(" AND revoked_at IS NULL AND (last_seen_at IS NULL OR last_seen_at < ?)"
                        + " AND COALESCE(last_seen_at, enrolled_at) >= ?");
                parameters.add(onlineSince);
                parameters.add(activeSince().toEpochMilli());
            }
            case "inactive" -> {
                sql.append(" AND revoked_at IS NULL AND COALESCE(last_seen_at, enrolled_at) < ?");
                parameters.add(activeSince().toEpochMilli());
            }
            default -> throw ApiException.badRequest("state",
                    "must be all, online, offline, inactive or revoked (was '" + state + "')");
        }
        if (query.cursor() != null) {
            sql.append(" AND (enrolled_at < ? OR (enrolled_at = ? AND id < ?))");
            parameters.add(query.cursor().time().toEpochMilli());
            parameters.add(query.cursor().time().toEpochMilli());
            parameters.add(query.cursor().id());
        }
        sql.append(" ORDER BY enrolled_at DESC, id DESC LIMIT ?");
        parameters.add(query.limit() + 1);
        List<AgentView> agents = database.read(connection -> {
            List<AgentView> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(heartbeats.overlay(map(row)));
                    }
                }
            }
            return found;
        });
        String next = null;
        if (agents.size() > query.limit()) {
            agents.remove(agents.size() - 1);
            AgentView last = agents.get(agents.size() - 1);
            next = new Cursor(last.enrolledAt(), last.id()).encode();
        }
        return new Page<>(agents, next);
    }

    public AgentView get(String agentId) {
        return database.read(connection -> find(connection, agentId))
                .map(heartbeats::overlay)
                .orElseThrow(() -> ApiException.notFound("agent " + agentId));
    }

    public Optional<AgentView> find(Connection connection, String agentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM agent WHERE id = ?")) {
            select.setString(1, agentId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(map(row)) : Optional.empty();
            }
        }
    }

    public AgentView moveToGroup(AdminPrincipal admin, String agentId, String groupId) {
        database.write(connection -> {
            AgentView agent = find(connection, agentId).orElseThrow(() -> ApiException.notFound("agent " + agentId));
            if (groups.find(connection, groupId).isEmpty()) {
                throw ApiException.badRequest("groupId", "there is no group '" + groupId + "'");
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE agent SET group_id = ? WHERE id = ?")) {
                update.setString(1, groupId);
                update.setString(2, agentId);
                update.executeUpdate();
            }
            audit.record(connection, admin, "agent.group-changed", "agent", agentId,
                    Map.of("hostname", agent.hostname(), "from", agent.groupId(), "to", groupId));
            return null;
        });
        return get(agentId);
    }

    /** From now on the agent's secret opens nothing; its events already stored stay. */
    public AgentView revoke(AdminPrincipal admin, String agentId) {
        Instant now = clock.instant();
        database.write(connection -> {
            AgentView agent = find(connection, agentId).orElseThrow(() -> ApiException.notFound("agent " + agentId));
            if (agent.revokedAt() == null) {
                try (PreparedStatement update = connection.prepareStatement("UPDATE agent SET revoked_at = ? WHERE id = ?")) {
                    Rows.setInstant(update, 1, now);
                    update.setString(2, agentId);
                    update.executeUpdate();
                }
                audit.record(connection, admin, "agent.revoked", "agent", agentId, Map.of("hostname", agent.hostname()));
            }
            return null;
        });
        return get(agentId);
    }

    /** Queues a REFRESH_PATCH_STATUS command for the agent. */
    public CommandQueue.CommandView requestPatchRefresh(AdminPrincipal admin, String agentId) {
        RefreshPatchStatus command = new RefreshPatchStatus(UUID.randomUUID(), clock.instant());
        database.write(connection -> {
            AgentView agent = find(connection, agentId).orElseThrow(() -> ApiException.notFound("agent " + agentId));
            if (agent.revokedAt() != null) {
                throw ApiException.conflict("the agent is revoked");
            }
            commands.issue(connection, agentId, command, admin.username());
            audit.record(connection, admin, "agent.patch-refresh-requested", "agent", agentId,
                    Map.of("command", command.commandId().toString()));
            return null;
        });
        return commands.forAgent(agentId, 1).get(0);
    }

    /** Heard from since then: online (offline after {@code offline-after}, at least three heartbeats). */
    Instant onlineSince() {
        Duration threeBeats = Duration.ofSeconds(3L * settings.getHeartbeatIntervalSeconds());
        Duration offlineAfter = settings.getOfflineAfter().compareTo(threeBeats) > 0 ? settings.getOfflineAfter() : threeBeats;
        return clock.instant().minus(offlineAfter);
    }

    /** Not heard from since then (or never, and enrolled before it): inactive. */
    public Instant activeSince() {
        return clock.instant().minus(settings.getInactiveAfter());
    }

    /** How many agents are in each state: online, offline (not inactive), inactive, revoked; and all. */
    public Map<String, Long> counts() {
        long online = onlineSince().toEpochMilli();
        long active = activeSince().toEpochMilli();
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT"
                    + " COUNT(*),"
                    + " SUM(CASE WHEN revoked_at IS NULL AND last_seen_at >= ? THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN revoked_at IS NULL AND COALESCE(last_seen_at, enrolled_at) < ? THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN revoked_at IS NOT NULL THEN 1 ELSE 0 END) FROM agent")) {
                select.setLong(1, online);
                select.setLong(2, active);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    long all = row.getLong(1);
                    long on = row.getLong(2);
                    long inactive = row.getLong(3);
                    long revoked = row.getLong(4);
                    Map<String, Long> counts = new java.util.LinkedHashMap<>();
                    counts.put("all", all);
                    counts.put("online", on);
                    counts.put("offline", all - on - inactive - revoked);
                    counts.put("inactive", inactive);
                    counts.put("revoked", revoked);
                    return counts;
                }
            }
        });
    }

    private AgentView map(ResultSet row) throws SQLException {
        Instant lastSeen = Rows.instant(row, "last_seen_at");
        Instant revoked = Rows.instant(row, "revoked_at");
        String patch = row.getString("patch");
        String mediaWatch = row.getString("media_watch");
        return new AgentView(row.getString("id"), row.getString("hostname"), row.getString("os"), row.getString("os_version"),
                row.getString("agent_version"), row.getString("group_id"), row.getString("key_id"), row.getString("token_id"),
                Rows.instant(row, "enrolled_at"), lastSeen, row.getString("status"),
                revoked == null && lastSeen != null && !lastSeen.isBefore(onlineSince()),
                row.getLong("policy_version"), row.getLong("queue_length"), row.getLong("dropped_events"),
                patch == null ? null : ProtocolJson.readTree(patch.getBytes(StandardCharsets.UTF_8)),
                mediaWatch == null ? null : ProtocolJson.readTree(mediaWatch.getBytes(StandardCharsets.UTF_8)), revoked);
    }
}
