package io.mamori.console.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.audit.AuditTrail;
import io.mamori.console.commands.CommandQueue;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.command.GrantException;
import io.mamori.protocol.command.RevokeException;
import io.mamori.protocol.device.DeviceMatcher;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.ExceptionGrant;
import io.mamori.protocol.policy.ExceptionScope;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Time-limited exceptions for one agent: a device that counts as approved, or one file's content
 * that may be copied. Granting sends the agent a command; so does revoking. Exceptions always
 * expire — there is no permanent exception; a permanent approval belongs in the policy's device
 * allow-list, where it is versioned and reviewed.
 */
@Singleton
public class Exceptions {

    static final Duration LONGEST = Duration.ofDays(90);

    /** An exception as the admin API lists it. */
    public record ExceptionView(String id, String agentId, ExceptionScope scope, ExceptionGrant grant, Instant expiresAt,
            String createdBy, Instant createdAt, String eventId, Instant revokedAt, String revokedBy, boolean active) {
    }

    private final Database database;
    private final CommandQueue commands;
    private final AuditTrail audit;
    private final Clock clock;

    public Exceptions(Database database, CommandQueue commands, AuditTrail audit, Clock clock) {
        this.database = database;
        this.commands = commands;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Grants an exception to one agent. For a DEVICE exception give {@code device}; for a FILE
     * exception give {@code sha256} (and optionally {@code device} to allow it only there).
     */
    public ExceptionView grant(AdminPrincipal admin, String agentId, ExceptionScope scope, DeviceMatcher device, String sha256,
            Duration validFor, String reason, String eventId) {
        if (scope == null) {
            throw ApiException.badRequest("scope", "is required: DEVICE or FILE");
        }
        if (validFor == null || validFor.compareTo(Duration.ofMinutes(1)) < 0 || validFor.compareTo(LONGEST) > 0) {
            throw ApiException.badRequest("validForHours", "must be between 1 minute and " + LONGEST.toDays() + " days");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw ApiException.badRequest("reason", "is required (at most 500 characters): it is recorded with the exception");
        }
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        ExceptionGrant grant;
        try {
            grant = new ExceptionGrant(id, scope, device, sha256, now.plus(validFor).truncatedTo(ChronoUnit.SECONDS),
                    reason.strip(), admin.username());
        } catch (InvalidFieldException e) {
            throw ApiException.badRequest(e.field(), e.problem());
        }
        return database.write(connection -> grant(connection, admin, agentId, grant, eventId));
    }

    /** Keeps the exception and sends it to the agent, in the caller's transaction (checked already). */
    public ExceptionView grant(java.sql.Connection connection, AdminPrincipal admin, String agentId, ExceptionGrant grant,
            String eventId) throws java.sql.SQLException {
        Instant now = clock.instant();
        String id = grant.id();
        ExceptionScope scope = grant.scope();
        requireAgent(connection, agentId);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO exception_grant (id, agent_id, scope,"
                + " document, expires_at, created_by, created_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, agentId);
            insert.setString(3, scope.name());
            insert.setString(4, ProtocolJson.write(grant));
            Rows.setInstant(insert, 5, grant.expiresAt());
            insert.setString(6, admin.username());
            Rows.setInstant(insert, 7, now);
            Rows.setText(insert, 8, eventId);
            insert.executeUpdate();
        }
        GrantException command = new GrantException(UUID.randomUUID(), now, grant);
        commands.issue(connection, agentId, command, admin.username());
        audit.record(connection, admin, "exception.granted", "agent", agentId, Map.of("exception", id, "scope", scope.name(),
                "expiresAt", grant.expiresAt().toString(), "reason", grant.reason(), "event", eventId == null ? "" : eventId));
        return find(connection, id);
    }

    /** An exception for the device or the file of a blocked copy under review. */
    public ExceptionView grantForReview(AdminPrincipal admin, ReviewQueue.ReviewItem item, ExceptionScope scope,
            Duration validFor, String reason) {
        JsonNode event = item.event();
        if (scope == ExceptionScope.DEVICE) {
            JsonNode device = event.path("device");
            String vendor = device.path("vendorId").asText(null);
            if (vendor == null) {
                throw ApiException.conflict("the device has no USB vendor id, so an exception cannot name it");
            }
            String product = device.path("productId").asText(null);
            String serial = product == null ? null : device.path("serial").asText(null);
            String description = (device.path("vendorName").asText("") + " " + device.path("productName").asText("")).strip();
            DeviceMatcher matcher = new DeviceMatcher(vendor, product, serial, description.isEmpty() ? null : description);
            return grant(admin, item.agentId(), scope, matcher, null, validFor, reason, item.eventId());
        }
        String sha256 = event.path("file").path("sha256").asText(null);
        if (sha256 == null) {
            throw ApiException.conflict("the agent did not report the file's hash, so an exception cannot name it");
        }
        return grant(admin, item.agentId(), ExceptionScope.FILE, null, sha256, validFor, reason, item.eventId());
    }

    public ExceptionView revoke(AdminPrincipal admin, String id) {
        Instant now = clock.instant();
        return database.write(connection -> {
            ExceptionView exception = find(connection, id);
            if (exception.revokedAt() != null) {
                return exception;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE exception_grant SET revoked_at = ?, revoked_by = ? WHERE id = ?")) {
                Rows.setInstant(update, 1, now);
                update.setString(2, admin.username());
                update.setString(3, id);
                update.executeUpdate();
            }
            commands.issue(connection, exception.agentId(), new RevokeException(UUID.randomUUID(), now, id), admin.username());
            audit.record(connection, admin, "exception.revoked", "agent", exception.agentId(), Map.of("exception", id));
            return find(connection, id);
        });
    }

    public List<ExceptionView> list(String agentId, boolean activeOnly) {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder("SELECT * FROM exception_grant WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (agentId != null) {
            sql.append(" AND agent_id = ?");
            parameters.add(agentId);
        }
        if (activeOnly) {
            sql.append(" AND revoked_at IS NULL AND expires_at > ?");
            parameters.add(now.toEpochMilli());
        }
        sql.append(" ORDER BY created_at DESC LIMIT 1000");
        return database.read(connection -> {
            List<ExceptionView> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(map(row, now));
                    }
                }
            }
            return found;
        });
    }

    private ExceptionView find(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM exception_grant WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("exception " + id);
                }
                return map(row, clock.instant());
            }
        }
    }

    private static void requireAgent(Connection connection, String agentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT revoked_at FROM agent WHERE id = ?")) {
            select.setString(1, agentId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("agent " + agentId);
                }
                if (Rows.nullableLong(row, "revoked_at") != null) {
                    throw ApiException.conflict("the agent is revoked");
                }
            }
        }
    }

    private static ExceptionView map(ResultSet row, Instant now) throws SQLException {
        ExceptionGrant grant = ProtocolJson.read(row.getString("document").getBytes(StandardCharsets.UTF_8), ExceptionGrant.class);
        Instant revoked = Rows.instant(row, "revoked_at");
        return new ExceptionView(row.getString("id"), row.getString("agent_id"), grant.scope(), grant,
                Rows.instant(row, "expires_at"), row.getString("created_by"), Rows.instant(row, "created_at"),
                row.getString("event_id"), revoked, row.getString("revoked_by"), revoked == null && grant.isActiveAt(now));
    }
}
