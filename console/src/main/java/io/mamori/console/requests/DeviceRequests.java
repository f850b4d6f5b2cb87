package io.mamori.console.requests;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.audit.AuditTrail;
import io.mamori.console.commands.CommandQueue;
import io.mamori.console.policy.PolicyStore;
import io.mamori.console.review.Exceptions;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.mamori.protocol.command.AnswerDeviceRequest;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.device.DeviceMatcher;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.ExceptionGrant;
import io.mamori.protocol.policy.ExceptionScope;
import io.mamori.protocol.policy.OverrideReason;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.request.DeviceRequest;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Employees' requests to use a restricted removable device (issue 23). An agent sends one
 * ({@link #submit}); it is checked against what the console knows — the device must be one this
 * agent reported mounted, the reason one of its policy's — and kept once. A reviewer approves it
 * for a period (a DEVICE exception for that device, {@code GRANT_EXCEPTION}, which the agent
 * applies while the stick is in) or denies it with a comment; either way the employee is told
 * ({@code ANSWER_DEVICE_REQUEST}). Every step is in the audit trail.
 */
@Singleton
public class DeviceRequests {

    /** Where a request stands. */
    public enum State { PENDING, APPROVED, DENIED }

    /** A request as reviewers see it. */
    public record RequestView(String id, String agentId, String host, DeviceIdentity device, String user, int hours,
            String reasonId, String reasonLabelJa, String reasonLabelEn, String reasonText, Instant requestedAt, Instant receivedAt,
            State state, String decidedBy, Instant decidedAt, String comment, String exceptionId) {
    }

    /** How many requests one agent may have waiting; more are refused (a stranger cannot fill the queue). */
    static final int MAX_PENDING_PER_AGENT = 20;

    private final Database database;
    private final PolicyStore policies;
    private final Exceptions exceptions;
    private final CommandQueue commands;
    private final AuditTrail audit;
    private final Clock clock;

    public DeviceRequests(Database database, PolicyStore policies, Exceptions exceptions, CommandQueue commands, AuditTrail audit,
            Clock clock) {
        this.database = database;
        this.policies = policies;
        this.exceptions = exceptions;
        this.commands = commands;
        this.audit = audit;
        this.clock = clock;
    }

    /** Keeps an agent's request; true when new, false when it was kept before (the agent sent it again). */
    public boolean submit(String agentId, DeviceRequest request) {
        return database.write(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT agent_id FROM device_request WHERE id = ?")) {
                select.setString(1, request.requestId().toString());
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        if (!row.getString(1).equals(agentId)) {
                            throw ApiException.conflict("a request of this id belongs to another agent");
                        }
                        return false;
                    }
                }
            }
            if (!mountedHere(connection, agentId, request.device())) {
                throw ApiException.badRequest("device", "this agent never reported that device mounted");
            }
            Policy policy = policies.policyOf(connection, agentId).orElse(null);
            OverrideReason reason = policy == null ? null : policy.overrideReasons().stream()
                    .filter(r -> r.id().equals(request.reasonId())).findFirst().orElse(null);
            if (reason == null) {
                throw ApiException.badRequest("reasonId", "is not one of the reasons of this agent's policy");
            }
            if (reason.requiresText() && (request.reasonText() == null || request.reasonText().isBlank())) {
                throw ApiException.badRequest("reasonText", "is required with the reason " + reason.id());
            }
            if (pending(connection, agentId) >= MAX_PENDING_PER_AGENT) {
                throw ApiException.conflict("this agent has " + MAX_PENDING_PER_AGENT + " requests waiting already");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device_request (id, agent_id, device,"
                    + " user_name, hours, reason_id, reason_text, requested_at, received_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, request.requestId().toString());
                insert.setString(2, agentId);
                insert.setString(3, ProtocolJson.write(request.device()));
                insert.setString(4, request.user());
                insert.setInt(5, request.hours());
                insert.setString(6, request.reasonId());
                Rows.setText(insert, 7, request.reasonText() == null || request.reasonText().isBlank() ? null
                        : request.reasonText().strip());
                Rows.setInstant(insert, 8, request.requestedAt());
                Rows.setInstant(insert, 9, clock.instant());
                insert.setString(10, State.PENDING.name());
                insert.executeUpdate();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("device", request.device().shortName());
            detail.put("hours", request.hours());
            detail.put("reason", request.reasonId());
            audit.record(connection, "agent:" + agentId, null, "device-request.received", "device-request",
                    request.requestId().toString(), detail);
            return true;
        });
    }

    public List<RequestView> list(State state, int limit) {
        return database.read(connection -> select(connection, state, null, limit));
    }

    public RequestView get(String id) {
        return database.read(connection -> select(connection, null, id, 1)).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("device request " + id));
    }

    /** Approves for {@code hours} (the employee's own when null): a DEVICE exception, and the employee told. */
    public RequestView approve(AdminPrincipal reviewer, String id, Integer hours, String comment) {
        return database.write(connection -> {
            RequestView request = pendingOne(connection, id);
            int granted = hours == null ? request.hours() : hours;
            if (granted < 1 || granted > DeviceRequest.MAX_HOURS) {
                throw ApiException.badRequest("hours", "must be between 1 and " + DeviceRequest.MAX_HOURS + " (30 days)");
            }
            DeviceIdentity device = request.device();
            if (device.vendorId() == null || device.productId() == null) {
                throw ApiException.conflict("the device has no USB vendor and product id, so an exception cannot name it;"
                        + " approve it in the policy's device list instead");
            }
            Instant now = clock.instant();
            Instant until = now.plus(Duration.ofHours(granted)).truncatedTo(ChronoUnit.SECONDS);
            ExceptionGrant grant = new ExceptionGrant(UUID.randomUUID().toString(), ExceptionScope.DEVICE,
                    new DeviceMatcher(device.vendorId(), device.productId(), device.serial(), device.shortName()), null, until,
                    "request " + id + " (" + request.user() + ", " + request.reasonId() + ")", reviewer.username());
            exceptions.grant(connection, reviewer, request.agentId(), grant, null);
            decide(connection, reviewer, request, State.APPROVED, comment, grant.id(), now);
            commands.issue(connection, request.agentId(), new AnswerDeviceRequest(UUID.randomUUID(), now,
                    UUID.fromString(id), true, until, comment), reviewer.username());
            return select(connection, null, id, 1).get(0);
        });
    }

    /** Denies with a comment the employee is shown. */
    public RequestView deny(AdminPrincipal reviewer, String id, String comment) {
        if (comment == null || comment.isBlank()) {
            throw ApiException.badRequest("comment", "is required: the employee is told why");
        }
        return database.write(connection -> {
            RequestView request = pendingOne(connection, id);
            Instant now = clock.instant();
            decide(connection, reviewer, request, State.DENIED, comment, null, now);
            commands.issue(connection, request.agentId(), new AnswerDeviceRequest(UUID.randomUUID(), now,
                    UUID.fromString(id), false, null, comment.strip()), reviewer.username());
            return select(connection, null, id, 1).get(0);
        });
    }

    private RequestView pendingOne(Connection connection, String id) throws SQLException {
        RequestView request = select(connection, null, id, 1).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("device request " + id));
        if (request.state() != State.PENDING) {
            throw ApiException.conflict("the request was " + request.state().name().toLowerCase(java.util.Locale.ROOT)
                    + " already, by " + request.decidedBy());
        }
        return request;
    }

    private void decide(Connection connection, AdminPrincipal reviewer, RequestView request, State state, String comment,
            String exceptionId, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE device_request SET state = ?, decided_by = ?,"
                + " decided_at = ?, comment = ?, exception_id = ? WHERE id = ? AND state = ?")) {
            update.setString(1, state.name());
            update.setString(2, reviewer.username());
            Rows.setInstant(update, 3, now);
            Rows.setText(update, 4, comment == null || comment.isBlank() ? null : comment.strip());
            Rows.setText(update, 5, exceptionId);
            update.setString(6, request.id());
            update.setString(7, State.PENDING.name());
            if (update.executeUpdate() != 1) {
                throw ApiException.conflict("the request was decided meanwhile");
            }
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("agent", request.agentId());
        detail.put("exception", exceptionId == null ? "" : exceptionId);
        audit.record(connection, reviewer, state == State.APPROVED ? "device-request.approved" : "device-request.denied",
                "device-request", request.id(), detail);
    }

    private static boolean mountedHere(Connection connection, String agentId, DeviceIdentity device) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM event WHERE agent_id = ? AND kind = 'DEVICE_MOUNTED'"
                + " AND COALESCE(device_vendor_id, '') = ? AND COALESCE(device_product_id, '') = ? AND COALESCE(device_serial, '') = ?"
                + " LIMIT 1")) {
            select.setString(1, agentId);
            select.setString(2, device.vendorId() == null ? "" : device.vendorId());
            select.setString(3, device.productId() == null ? "" : device.productId());
            select.setString(4, device.serial() == null ? "" : device.serial());
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static int pending(Connection connection, String agentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM device_request WHERE agent_id = ?"
                + " AND state = 'PENDING'")) {
            select.setString(1, agentId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private List<RequestView> select(Connection connection, State state, String id, int limit) throws SQLException {
        List<RequestView> found = new ArrayList<>();
        Map<String, Optional<Policy>> policyByAgent = new java.util.HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT r.*, a.hostname FROM device_request r"
                + " JOIN agent a ON a.id = r.agent_id WHERE 1 = 1" + (state == null ? "" : " AND r.state = ?")
                + (id == null ? "" : " AND r.id = ?") + " ORDER BY r.received_at DESC, r.id DESC LIMIT ?")) {
            int next = 1;
            if (state != null) {
                select.setString(next++, state.name());
            }
            if (id != null) {
                select.setString(next++, id);
            }
            select.setInt(next, limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String agentId = row.getString("agent_id");
                    String reasonId = row.getString("reason_id");
                    if (!policyByAgent.containsKey(agentId)) {
                        policyByAgent.put(agentId, policies.policyOf(connection, agentId));
                    }
                    Optional<OverrideReason> reason = policyByAgent.get(agentId).flatMap(p -> p.overrideReasons().stream()
                            .filter(r -> r.id().equals(reasonId)).findFirst());
                    found.add(new RequestView(row.getString("id"), agentId, row.getString("hostname"),
                            ProtocolJson.read(row.getString("device").getBytes(StandardCharsets.UTF_8), DeviceIdentity.class),
                            row.getString("user_name"), row.getInt("hours"), reasonId,
                            reason.map(r -> r.label().ja()).orElse(null), reason.map(r -> r.label().en()).orElse(null),
                            row.getString("reason_text"), Rows.instant(row, "requested_at"), Rows.instant(row, "received_at"),
                            State.valueOf(row.getString("state")), row.getString("decided_by"), Rows.instant(row, "decided_at"),
                            row.getString("comment"), row.getString("exception_id")));
                }
            }
        }
        return found;
    }
}
