package io.mamori.console.agents;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.audit.AuditTrail;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Enrollment tokens: what IT puts into the silent installer. Each has an expiry, a use limit and
 * the group its agents join, and can be revoked. The database keeps only the token's hash; its
 * value is shown once, when it is made.
 */
@Singleton
public class EnrollmentTokens {

    static final Duration LONGEST = Duration.ofDays(365);
    static final int MOST_USES = 1_000_000;

    /** A token as the admin API lists it (never its value). */
    public record TokenView(String id, String description, String groupId, int maxUses, int uses, Instant expiresAt,
            String createdBy, Instant createdAt, Instant revokedAt, String state) {
    }

    /** A new token: the value, shown this once, and its listing. */
    public record NewToken(String token, TokenView view) {
        @Override
        public String toString() {
            return "NewToken[" + view + ", token=<redacted>]";
        }
    }

    private final Database database;
    private final AgentGroups groups;
    private final AuditTrail audit;
    private final Clock clock;

    public EnrollmentTokens(Database database, AgentGroups groups, AuditTrail audit, Clock clock) {
        this.database = database;
        this.groups = groups;
        this.audit = audit;
        this.clock = clock;
    }

    public NewToken create(AdminPrincipal admin, String description, String groupId, Integer maxUses, Duration validFor) {
        int uses = maxUses == null ? 1 : maxUses;
        if (uses < 1 || uses > MOST_USES) {
            throw ApiException.badRequest("maxUses", "must be between 1 and " + MOST_USES + " (was " + uses + ")");
        }
        if (validFor == null || validFor.isNegative() || validFor.isZero() || validFor.compareTo(LONGEST) > 0) {
            throw ApiException.badRequest("validForHours", "must be between 1 hour and " + LONGEST.toDays() + " days");
        }
        if (description != null && description.length() > 500) {
            throw ApiException.badRequest("description", "must be at most 500 characters");
        }
        String group = groupId == null ? AgentGroups.DEFAULT : groupId;
        String token = Secrets.newToken();
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        return database.write(connection -> {
            if (groups.find(connection, group).isEmpty()) {
                throw ApiException.badRequest("groupId", "there is no group '" + group + "'");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO enrollment_token (id, token_hash,"
                    + " description, group_id, max_uses, uses, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, Secrets.sha256Hex(token));
                Rows.setText(insert, 3, description);
                insert.setString(4, group);
                insert.setInt(5, uses);
                Rows.setInstant(insert, 6, now.plus(validFor));
                insert.setString(7, admin.username());
                Rows.setInstant(insert, 8, now);
                insert.executeUpdate();
            }
            audit.record(connection, admin, "enrollment-token.created", "enrollment-token", id,
                    Map.of("group", group, "maxUses", uses, "expiresAt", now.plus(validFor).toString()));
            return new NewToken(token, view(connection, id).orElseThrow());
        });
    }

    public List<TokenView> list() {
        return database.read(connection -> {
            List<TokenView> tokens = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT * FROM enrollment_token ORDER BY created_at DESC");
                    ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    tokens.add(map(row, clock.instant()));
                }
            }
            return tokens;
        });
    }

    public TokenView revoke(AdminPrincipal admin, String id) {
        Instant now = clock.instant();
        return database.write(connection -> {
            TokenView token = view(connection, id).orElseThrow(() -> ApiException.notFound("enrollment token " + id));
            if (token.revokedAt() == null) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE enrollment_token SET revoked_at = ? WHERE id = ?")) {
                    Rows.setInstant(update, 1, now);
                    update.setString(2, id);
                    update.executeUpdate();
                }
                audit.record(connection, admin, "enrollment-token.revoked", "enrollment-token", id, null);
            }
            return view(connection, id).orElseThrow();
        });
    }

    /** What using a token for an enrollment gave: the token's id and the group the agent joins. */
    record Use(String tokenId, String groupId) {
    }

    /**
     * Uses the token once, inside the enrollment's transaction; empty when the token is unknown,
     * revoked, expired or used up. The check and the count are one conditional update, so two
     * agents enrolling at once cannot both take a token's last use.
     */
    Optional<Use> use(Connection connection, String token, Instant now) throws SQLException {
        String hash = Secrets.sha256Hex(token);
        try (PreparedStatement update = connection.prepareStatement("UPDATE enrollment_token SET uses = uses + 1"
                + " WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ? AND uses < max_uses")) {
            update.setString(1, hash);
            Rows.setInstant(update, 2, now);
            if (update.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, group_id FROM enrollment_token WHERE token_hash = ?")) {
            select.setString(1, hash);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return Optional.of(new Use(row.getString(1), row.getString(2)));
            }
        }
    }

    /** Why a token was refused, for the console's log only (the agent learns nothing). */
    String whyRefused(String token, Instant now) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM enrollment_token WHERE token_hash = ?")) {
                select.setString(1, Secrets.sha256Hex(token));
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return "unknown token";
                    }
                    TokenView view = map(row, now);
                    return "token " + view.id() + " is " + view.state().toLowerCase(java.util.Locale.ROOT);
                }
            }
        });
    }

    private Optional<TokenView> view(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM enrollment_token WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(map(row, clock.instant())) : Optional.empty();
            }
        }
    }

    private static TokenView map(ResultSet row, Instant now) throws SQLException {
        Instant expiresAt = Rows.instant(row, "expires_at");
        Instant revokedAt = Rows.instant(row, "revoked_at");
        int maxUses = row.getInt("max_uses");
        int uses = row.getInt("uses");
        String state = revokedAt != null ? "REVOKED" : !expiresAt.isAfter(now) ? "EXPIRED" : uses >= maxUses ? "USED_UP" : "ACTIVE";
        return new TokenView(row.getString("id"), row.getString("description"), row.getString("group_id"), maxUses, uses,
                expiresAt, row.getString("created_by"), Rows.instant(row, "created_at"), revokedAt, state);
    }
}
