package io.mamori.console.agents;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.audit.AuditTrail;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Agent groups and the policy each enforces. Moving a group to another policy moves all its agents. */
@Singleton
public class AgentGroups {

    public static final String DEFAULT = "default";
    public static final String LEAVING = "leaving";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final String SELECT = "SELECT g.id, g.name_ja, g.name_en, g.policy_name, g.created_at,"
            + " (SELECT COUNT(*) FROM agent a WHERE a.group_id = g.id AND a.revoked_at IS NULL) AS agents FROM agent_group g";

    private final Database database;
    private final AuditTrail audit;
    private final Clock clock;

    public AgentGroups(Database database, AuditTrail audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    public List<AgentGroup> list() {
        return database.read(connection -> {
            List<AgentGroup> groups = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(SELECT + " ORDER BY g.id");
                    ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    groups.add(map(row));
                }
            }
            return groups;
        });
    }

    public AgentGroup get(String id) {
        return database.read(connection -> find(connection, id)).orElseThrow(() -> ApiException.notFound("group " + id));
    }

    public Optional<AgentGroup> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT + " WHERE g.id = ?")) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(map(row)) : Optional.empty();
            }
        }
    }

    public AgentGroup create(AdminPrincipal admin, String id, String nameJa, String nameEn, String policyName) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.badRequest("id", "must be 1 to 64 of a-z, 0-9, '_', '-', starting with a letter or digit");
        }
        String ja = requireName(nameJa, "nameJa");
        String en = requireName(nameEn, "nameEn");
        Instant now = clock.instant();
        return database.write(connection -> {
            if (find(connection, id).isPresent()) {
                throw ApiException.conflict("the group '" + id + "' exists");
            }
            requirePolicy(connection, policyName);
            insert(connection, id, ja, en, policyName, now);
            audit.record(connection, admin, "group.created", "group", id, Map.of("policy", policyName));
            return find(connection, id).orElseThrow();
        });
    }

    public AgentGroup update(AdminPrincipal admin, String id, String nameJa, String nameEn, String policyName) {
        return database.write(connection -> {
            AgentGroup group = find(connection, id).orElseThrow(() -> ApiException.notFound("group " + id));
            String ja = nameJa == null ? group.nameJa() : requireName(nameJa, "nameJa");
            String en = nameEn == null ? group.nameEn() : requireName(nameEn, "nameEn");
            String policy = policyName == null ? group.policyName() : policyName;
            requirePolicy(connection, policy);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE agent_group SET name_ja = ?, name_en = ?, policy_name = ? WHERE id = ?")) {
                update.setString(1, ja);
                update.setString(2, en);
                update.setString(3, policy);
                update.setString(4, id);
                update.executeUpdate();
            }
            audit.record(connection, admin, "group.updated", "group", id, Map.of("policy", policy, "previousPolicy",
                    group.policyName()));
            return find(connection, id).orElseThrow();
        });
    }

    /** Used at first start, inside the transaction that seeds the default policies. */
    static void insert(Connection connection, String id, String nameJa, String nameEn, String policyName, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO agent_group (id, name_ja, name_en, policy_name, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, nameJa);
            insert.setString(3, nameEn);
            insert.setString(4, policyName);
            Rows.setInstant(insert, 5, now);
            insert.executeUpdate();
        }
    }

    /** Seeds a group unless it exists (first start). */
    public static void ensure(Connection connection, String id, String nameJa, String nameEn, String policyName, Instant now)
            throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("SELECT 1 FROM agent_group WHERE id = ?")) {
            check.setString(1, id);
            try (ResultSet row = check.executeQuery()) {
                if (row.next()) {
                    return;
                }
            }
        }
        insert(connection, id, nameJa, nameEn, policyName, now);
    }

    private static void requirePolicy(Connection connection, String policyName) throws SQLException {
        if (policyName == null || policyName.isBlank()) {
            throw ApiException.badRequest("policyName", "is required");
        }
        try (PreparedStatement check = connection.prepareStatement("SELECT 1 FROM policy WHERE name = ?")) {
            check.setString(1, policyName);
            try (ResultSet row = check.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.badRequest("policyName", "there is no policy '" + policyName + "'");
                }
            }
        }
    }

    private static String requireName(String name, String field) {
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            throw ApiException.badRequest(field, "is required, at most 200 characters");
        }
        return name.strip();
    }

    private static AgentGroup map(ResultSet row) throws SQLException {
        return new AgentGroup(row.getString("id"), row.getString("name_ja"), row.getString("name_en"),
                row.getString("policy_name"), Rows.instant(row, "created_at"), row.getLong("agents"));
    }
}
