package io.mamori.console.agents;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.audit.AuditTrail;
import io.mamori.console.keys.SecretBox;
import io.mamori.console.keys.Secrets;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Uninstall tokens: the secret IT must give to remove the agent's package (docs/deploy.md). One per
 * group, and optionally an agent's own, which overrides its group's. Kept sealed with the
 * console's data key ({@link SecretBox}) because administrators must be shown it again at removal
 * time; every showing and every change is in the audit trail, never the token itself. Agents
 * learn only its SHA-256, in the heartbeat answer.
 */
@Singleton
public class UninstallTokens {

    /** Whose token it is. */
    public enum Scope {
        GROUP("group"), AGENT("agent");

        private final String column;

        Scope(String column) {
            this.column = column;
        }

        public String id() {
            return column;
        }
    }

    /**
     * What administrators see without the secret: which token is in force and its SHA-256 (what an
     * installer's {@code uninstall-token-sha256} takes).
     *
     * @param scope      whose token is in force: {@code agent} (its own) or {@code group}; null when none is
     * @param targetId   the group or agent it belongs to
     */
    public record TokenView(String scope, String targetId, String sha256, Instant createdAt, String createdBy) {
        public boolean set() {
            return scope != null;
        }
    }

    /** A token shown to an administrator. */
    public record Shown(String scope, String targetId, String token, String sha256, Instant createdAt, String createdBy) {
        @Override
        public String toString() {
            return "Shown[" + scope + " " + targetId + ", sha256 " + sha256 + "]";
        }
    }

    private final Database database;
    private final AuditTrail audit;
    private final SecretBox box;
    private final Clock clock;

    public UninstallTokens(Database database, AuditTrail audit, SecretBox box, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.box = box;
        this.clock = clock;
    }

    /** The group's token, without the secret. */
    public TokenView group(String groupId) {
        return database.read(connection -> {
            requireGroup(connection, groupId);
            return view(find(connection, Scope.GROUP, groupId), Scope.GROUP, groupId);
        });
    }

    /** The token in force for the agent (its own, else its group's), without the secret. */
    public TokenView agent(String agentId) {
        return database.read(connection -> {
            String groupId = groupOf(connection, agentId);
            Optional<Stored> own = find(connection, Scope.AGENT, agentId);
            return own.isPresent() ? view(own, Scope.AGENT, agentId) : view(find(connection, Scope.GROUP, groupId), Scope.GROUP,
                    groupId);
        });
    }

    /**
     * Makes (or replaces) a token: {@code chosen} when given (a token IT already used at install),
     * else 256 random bits. The answer holds the token.
     */
    public Shown create(AdminPrincipal admin, Scope scope, String targetId, String chosen) {
        String token = chosen == null || chosen.isBlank() ? Secrets.newToken() : chosen.strip();
        String sha256 = Secrets.sha256Hex(token);
        String sealed = box.seal(token);
        Instant now = clock.instant();
        return database.write(connection -> {
            if (scope == Scope.GROUP) {
                requireGroup(connection, targetId);
            } else {
                groupOf(connection, targetId);
            }
            boolean replaced = delete(connection, scope, targetId);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO uninstall_token"
                    + " (scope, target_id, sealed, sha256, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, scope.id());
                insert.setString(2, targetId);
                insert.setString(3, sealed);
                insert.setString(4, sha256);
                insert.setString(5, admin.username());
                Rows.setInstant(insert, 6, now);
                insert.executeUpdate();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("scope", scope.id());
            detail.put("chosenByAdministrator", chosen != null && !chosen.isBlank());
            audit.record(connection, admin, replaced ? "uninstall-token.rotated" : "uninstall-token.created", scope.id(), targetId,
                    detail);
            return new Shown(scope.id(), targetId, token, sha256, now, admin.username());
        });
    }

    /** Shows the group's token to an administrator; recorded in the audit trail. */
    public Shown showGroup(AdminPrincipal admin, String groupId) {
        return database.write(connection -> {
            requireGroup(connection, groupId);
            Stored stored = find(connection, Scope.GROUP, groupId).orElseThrow(() -> ApiException.notFound(
                    "uninstall token of group " + groupId));
            audit.record(connection, admin, "uninstall-token.shown", "group", groupId, Map.of("scope", "group"));
            return shown(stored, Scope.GROUP, groupId);
        });
    }

    /** Shows the token in force for the agent (its own, else its group's); recorded in the audit trail. */
    public Shown showAgent(AdminPrincipal admin, String agentId) {
        return database.write(connection -> {
            String groupId = groupOf(connection, agentId);
            Optional<Stored> own = find(connection, Scope.AGENT, agentId);
            Scope scope = own.isPresent() ? Scope.AGENT : Scope.GROUP;
            Stored stored = own.isPresent() ? own.get() : find(connection, Scope.GROUP, groupId).orElseThrow(
                    () -> ApiException.notFound("uninstall token of agent " + agentId + " or its group " + groupId));
            audit.record(connection, admin, "uninstall-token.shown", "agent", agentId, Map.of("scope", scope.id(), "group",
                    groupId));
            return shown(stored, scope, own.isPresent() ? agentId : groupId);
        });
    }

    /** Removes the agent's own token: its group's is in force again (the agent keeps its last hash if the group has none). */
    public TokenView removeAgentsOwn(AdminPrincipal admin, String agentId) {
        database.write(connection -> {
            groupOf(connection, agentId);
            if (delete(connection, Scope.AGENT, agentId)) {
                audit.record(connection, admin, "uninstall-token.removed", "agent", agentId, Map.of("scope", "agent"));
            }
            return null;
        });
        return agent(agentId);
    }

    private record Stored(String sealed, String sha256, Instant createdAt, String createdBy) {
    }

    private Shown shown(Stored stored, Scope scope, String targetId) {
        return new Shown(scope.id(), targetId, box.open(stored.sealed()), stored.sha256(), stored.createdAt(), stored.createdBy());
    }

    private static TokenView view(Optional<Stored> stored, Scope scope, String targetId) {
        return stored.map(s -> new TokenView(scope.id(), targetId, s.sha256(), s.createdAt(), s.createdBy()))
                .orElse(new TokenView(null, null, null, null, null));
    }

    private static Optional<Stored> find(Connection connection, Scope scope, String targetId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT sealed, sha256, created_at, created_by"
                + " FROM uninstall_token WHERE scope = ? AND target_id = ?")) {
            select.setString(1, scope.id());
            select.setString(2, targetId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Stored(row.getString(1), row.getString(2), Rows.instant(row, "created_at"),
                        row.getString(4))) : Optional.empty();
            }
        }
    }

    private static boolean delete(Connection connection, Scope scope, String targetId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM uninstall_token WHERE scope = ? AND target_id = ?")) {
            delete.setString(1, scope.id());
            delete.setString(2, targetId);
            return delete.executeUpdate() > 0;
        }
    }

    private static void requireGroup(Connection connection, String groupId) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("SELECT 1 FROM agent_group WHERE id = ?")) {
            check.setString(1, groupId);
            try (ResultSet row = check.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("group " + groupId);
                }
            }
        }
    }

    private static String groupOf(Connection connection, String agentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT group_id FROM agent WHERE id = ?")) {
            select.setString(1, agentId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("agent " + agentId);
                }
                return row.getString(1);
            }
        }
    }
}
