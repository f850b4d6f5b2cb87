package io.mamori.console.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mamori.console.audit.AuditTrail;
import io.mamori.console.keys.PolicyKeys;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.ProtocolVersion;
import io.mamori.protocol.json.CanonicalJson;
import io.mamori.protocol.json.ProtocolException;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.signing.SignedPolicy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Versioned policy documents. Publishing a change stores a new version — nothing is overwritten,
 * so the history and the diff between any two versions stay available — and is refused when the
 * policy changed since the version the administrator edited (no lost updates). Versions are
 * numbered console-wide (see V1 migration). Agents receive the version their group's policy is at,
 * signed with the key they pinned.
 */
@Singleton
public class PolicyStore {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,99}");

    /** A policy as the admin API lists it. */
    public record PolicySummary(String name, long currentVersion, Instant createdAt, Instant updatedAt, List<String> groups) {
    }

    /** One published version. */
    public record VersionInfo(long version, String name, String sha256, String createdBy, Instant createdAt, String comment) {
    }

    /** A version and its document. */
    public record PolicyVersion(VersionInfo info, JsonNode policy) {
    }

    /** A signed policy ready to send, with the ETag that names it. */
    public record Signed(long version, String etag, byte[] json) {
    }

    private final Database database;
    private final PolicyKeys keys;
    private final AuditTrail audit;
    private final Clock clock;
    private final Map<String, Signed> signed = new ConcurrentHashMap<>();

    public PolicyStore(Database database, PolicyKeys keys, AuditTrail audit, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- publishing

    /**
     * Publishes {@code draft} as the next version of policy {@code name}. The console sets
     * {@code name}, {@code version} and {@code issuedAt}; everything else is the administrator's and
     * is checked by the protocol's rules, with errors naming the field ({@code policy.rules[2].action}).
     * Fields this console does not know are refused, so a typo cannot silently do nothing.
     *
     * @param baseVersion the version the change was made from; 0 to create the policy
     */
    public VersionInfo publish(String actor, String client, String name, long baseVersion, JsonNode draft, String comment) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name", "a policy name is 1 to 100 letters, digits, spaces, '.', '_' or '-'");
        }
        if (comment != null && comment.length() > 2000) {
            throw ApiException.badRequest("comment", "must be at most 2000 characters");
        }
        if (draft == null || !draft.isObject()) {
            throw ApiException.badRequest("policy", "must be a JSON object");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return database.write(connection -> {
            Long current = currentVersion(connection, name);
            if (current == null ? baseVersion != 0 : current != baseVersion) {
                throw ApiException.conflict(current == null
                        ? "there is no policy '" + name + "' yet; create it with baseVersion 0"
                        : "policy '" + name + "' is at version " + current + ", not " + baseVersion
                                + ": someone published a change meanwhile; reload it and apply your change again");
            }
            long version = nextVersion(connection);
            JsonNode document = normalise(draft, name, version, now);
            byte[] canonical = CanonicalJson.bytes(document);
            String sha256 = sha256(canonical);
            if (current == null) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO policy (name, current_version, created_at, updated_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, name);
                    insert.setLong(2, version);
                    Rows.setInstant(insert, 3, now);
                    Rows.setInstant(insert, 4, now);
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO policy_version"
                    + " (version, name, document, sha256, created_by, created_at, comment) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, version);
                insert.setString(2, name);
                insert.setString(3, new String(canonical, StandardCharsets.UTF_8));
                insert.setString(4, sha256);
                insert.setString(5, actor);
                Rows.setInstant(insert, 6, now);
                Rows.setText(insert, 7, comment);
                insert.executeUpdate();
            }
            if (current != null) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE policy SET current_version = ?, updated_at = ? WHERE name = ?")) {
                    update.setLong(1, version);
                    Rows.setInstant(update, 2, now);
                    update.setString(3, name);
                    update.executeUpdate();
                }
            }
            audit.record(connection, actor, client, "policy.published", "policy", name, Map.of("version", version,
                    "baseVersion", baseVersion, "sha256", sha256, "comment", comment == null ? "" : comment));
            return new VersionInfo(version, name, sha256, actor, now, comment);
        });
    }

    /** The draft checked and completed: the stored document is exactly the protocol's view of it. */
    static JsonNode normalise(JsonNode draft, String name, long version, Instant issuedAt) {
        ObjectNode document = draft.deepCopy();
        if (!document.has("format")) {
            document.put("format", ProtocolVersion.CURRENT);
        }
        document.put("name", name);
        document.put("version", version);
        document.put("issuedAt", issuedAt.toString());
        Policy policy;
        try {
            policy = ProtocolJson.fromTree(document, Policy.class);
        } catch (ProtocolException e) {
            throw ApiException.badRequest(prefix(e.field()), e.problem());
        } catch (InvalidFieldException e) {
            throw ApiException.badRequest(prefix(e.field()), e.problem());
        }
        JsonNode parsed = ProtocolJson.toTree(policy);
        rejectUnknown("policy", document, parsed);
        return parsed;
    }

    private static void rejectUnknown(String path, JsonNode given, JsonNode understood) {
        if (given.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNull()) {
                    continue;
                }
                JsonNode known = understood == null ? null : understood.get(field.getKey());
                if (known == null) {
                    throw ApiException.badRequest(path + "." + field.getKey(), "is not a policy field this console knows");
                }
                rejectUnknown(path + "." + field.getKey(), field.getValue(), known);
            }
        } else if (given.isArray() && understood != null && understood.isArray()) {
            for (int i = 0; i < given.size() && i < understood.size(); i++) {
                rejectUnknown(path + "[" + i + "]", given.get(i), understood.get(i));
            }
        }
    }

    private static String prefix(String field) {
        return field == null || field.isEmpty() ? "policy" : "policy." + field;
    }

    // ---------------------------------------------------------------- reading

    public List<PolicySummary> list() {
        return database.read(connection -> {
            List<PolicySummary> policies = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT name, current_version, created_at, updated_at FROM policy ORDER BY name");
                    ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String name = row.getString(1);
                    policies.add(new PolicySummary(name, row.getLong(2), Rows.instant(row, "created_at"),
                            Rows.instant(row, "updated_at"), groupsUsing(connection, name)));
                }
            }
            return policies;
        });
    }

    /**
     * The folders of the employee's home a release to this agent may go into: the {@code releaseFolders}
     * of the policy its group has now ({@link io.mamori.protocol.policy.ReleaseFolders}).
     */
    public java.util.List<String> releaseFolders(Connection connection, String agentId) throws SQLException {
        return policyOf(connection, agentId).map(io.mamori.protocol.policy.Policy::releaseFoldersInForce)
                .orElse(java.util.List.of());
    }

    /** The policy the agent's group has now; empty when it has none (or the agent is unknown). */
    public java.util.Optional<io.mamori.protocol.policy.Policy> policyOf(Connection connection, String agentId) throws SQLException {
        Long version;
        try (PreparedStatement select = connection.prepareStatement("SELECT p.current_version FROM agent a"
                + " JOIN agent_group g ON g.id = a.group_id JOIN policy p ON p.name = g.policy_name WHERE a.id = ?")) {
            select.setString(1, agentId);
            try (ResultSet row = select.executeQuery()) {
                version = row.next() ? Rows.nullableLong(row, "current_version") : null;
            }
        }
        if (version == null) {
            return java.util.Optional.empty();
        }
        return version(connection, version).map(PolicyVersion::policy)
                .map(policy -> ProtocolJson.fromTree(policy, io.mamori.protocol.policy.Policy.class));
    }

    public PolicyVersion current(String name) {
        return database.read(connection -> {
            Long version = currentVersion(connection, name);
            if (version == null) {
                throw ApiException.notFound("policy '" + name + "'");
            }
            return version(connection, version).orElseThrow();
        });
    }

    public PolicyVersion version(String name, long version) {
        return database.read(connection -> version(connection, version))
                .filter(v -> v.info().name().equals(name))
                .orElseThrow(() -> ApiException.notFound("version " + version + " of policy '" + name + "'"));
    }

    public List<VersionInfo> history(String name) {
        return database.read(connection -> {
            if (currentVersion(connection, name) == null) {
                throw ApiException.notFound("policy '" + name + "'");
            }
            List<VersionInfo> versions = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT version, name, sha256, created_by,"
                    + " created_at, comment FROM policy_version WHERE name = ? ORDER BY version DESC")) {
                statement.setString(1, name);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        versions.add(info(row));
                    }
                }
            }
            return versions;
        });
    }

    public List<PolicyDiff.Change> diff(String name, long from, long to) {
        return PolicyDiff.between(version(name, from).policy(), version(name, to).policy());
    }

    /** The policy version an agent in this group must enforce. */
    public long assignedVersion(Connection connection, String groupId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT p.current_version FROM agent_group g"
                + " JOIN policy p ON p.name = g.policy_name WHERE g.id = ?")) {
            statement.setString(1, groupId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("group " + groupId + " has no policy");
                }
                return row.getLong(1);
            }
        }
    }

    public long assignedVersion(String groupId) {
        return database.read(connection -> assignedVersion(connection, groupId));
    }

    /**
     * A version signed with one key, as JSON bytes. Versions never change, so each (version, key)
     * pair is signed once and kept.
     */
    public Signed signed(long version, String keyId) {
        return signed.computeIfAbsent(version + ":" + keyId, k -> {
            JsonNode policy = database.read(connection -> version(connection, version))
                    .orElseThrow(() -> new IllegalStateException("no policy version " + version))
                    .policy();
            SignedPolicy document = keys.signer(keyId).sign(policy);
            return new Signed(version, etag(version, keyId), ProtocolJson.writeBytes(document));
        });
    }

    /** The ETag {@link #signed} would give, without signing. */
    public static String etag(long version, String keyId) {
        return "\"v" + version + "-" + keyId.substring(0, 16) + "\"";
    }

    // ---------------------------------------------------------------- internals

    private static Long currentVersion(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_version FROM policy WHERE name = ?")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    private static long nextVersion(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM policy_version");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Optional<PolicyVersion> version(Connection connection, long version) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT version, name, sha256, created_by, created_at,"
                + " comment, document FROM policy_version WHERE version = ?")) {
            statement.setLong(1, version);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PolicyVersion(info(row),
                        ProtocolJson.readTree(row.getString("document").getBytes(StandardCharsets.UTF_8))));
            }
        }
    }

    private static List<String> groupsUsing(Connection connection, String name) throws SQLException {
        List<String> groups = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM agent_group WHERE policy_name = ? ORDER BY id")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    groups.add(row.getString(1));
                }
            }
        }
        return groups;
    }

    private static VersionInfo info(ResultSet row) throws SQLException {
        return new VersionInfo(row.getLong("version"), row.getString("name"), row.getString("sha256"),
                row.getString("created_by"), Rows.instant(row, "created_at"), row.getString("comment"));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
