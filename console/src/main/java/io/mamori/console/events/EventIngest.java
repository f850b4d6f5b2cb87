package io.mamori.console.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.review.ReviewQueue;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.api.EventBatchAck;
import io.mamori.protocol.api.RejectedEvent;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.event.OverrideOutcome;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.ReportableTrigger;
import io.mamori.protocol.json.ProtocolException;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stores the operation log agents deliver. Delivery is at-least-once, so ingest is idempotent on
 * the event id: an event already stored is answered as accepted and not stored again, and a
 * re-sent batch changes nothing. A batch that is not valid JSON, or not a batch, is refused whole
 * (400) with nothing stored; a single event that breaks the protocol's rules is rejected alone,
 * with the reason, so one bad event cannot hold up the agent's whole outbox. Events are kept as
 * the agent sent them (fields a newer agent adds included) beside the columns searched on. An event
 * whose id another agent's event already has is rejected, never answered as accepted.
 *
 * <p>A copy the agent blocked ({@code FILE_WRITTEN} decided {@code BLOCK}) opens a review item in
 * the same transaction; so does each held file ({@code WARN_OVERRIDE}) of a copy operation the
 * employee did not continue (a {@code USER_RESPONSE} that is not {@code CONTINUED}): those files
 * stay quarantined like blocked ones.
 */
@Singleton
public class EventIngest {

    private final Database database;
    private final ReviewQueue reviews;
    private final Clock clock;

    public EventIngest(Database database, ReviewQueue reviews, Clock clock) {
        this.database = database;
        this.reviews = reviews;
        this.clock = clock;
    }

    private record Parsed(Event event, JsonNode document) {
    }

    public EventBatchAck ingest(String agentId, byte[] body) {
        JsonNode batch = ProtocolJson.readTree(body);
        JsonNode events = batch.get("events");
        if (!batch.isObject() || events == null || !events.isArray()) {
            throw ApiException.badRequest("events", "a batch is {\"events\": [ … ]}");
        }
        if (events.isEmpty() || events.size() > EventBatch.MAX_EVENTS) {
            throw ApiException.badRequest("events", "must hold 1 to " + EventBatch.MAX_EVENTS + " events (held "
                    + events.size() + ")");
        }
        Map<UUID, Parsed> valid = new LinkedHashMap<>();
        Map<UUID, Integer> positions = new java.util.HashMap<>();
        List<RejectedEvent> rejected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode node = events.get(i);
            Event event;
            try {
                event = ProtocolJson.fromTree(node, Event.class);
            } catch (ProtocolException | InvalidFieldException e) {
                String field = e instanceof ProtocolException p ? p.field() : ((InvalidFieldException) e).field();
                String problem = e instanceof ProtocolException p ? p.problem() : ((InvalidFieldException) e).problem();
                UUID id = idOf(node);
                if (id == null) {
                    throw ApiException.badRequest("events[" + i + "]" + (field == null ? "" : "." + field), problem);
                }
                rejected.add(new RejectedEvent(id, "events[" + i + "]" + (field == null ? "" : "." + field) + ": " + problem));
                continue;
            }
            if (!event.agentId().toString().equals(agentId)) {
                rejected.add(new RejectedEvent(event.eventId(), "events[" + i + "].agentId: the event belongs to another agent"));
                continue;
            }
            valid.putIfAbsent(event.eventId(), new Parsed(event, node));
            positions.putIfAbsent(event.eventId(), i);
        }
        Set<UUID> takenByOthers = Set.of();
        if (!valid.isEmpty()) {
            Instant received = clock.instant();
            takenByOthers = database.write(connection -> {
                Map<UUID, String> stored = owners(connection, valid.keySet());
                Set<UUID> taken = othersOf(stored, agentId);
                List<Parsed> fresh = valid.values().stream().filter(p -> !stored.containsKey(p.event().eventId())).toList();
                if (!fresh.isEmpty()) {
                    taken.addAll(insert(connection, fresh, agentId, received));
                }
                return taken;
            });
        }
        List<UUID> accepted = new ArrayList<>();
        for (UUID id : valid.keySet()) {
            if (takenByOthers.contains(id)) {
                // answered "accepted", the agent would forget an event the console never stored
                rejected.add(new RejectedEvent(id, "events[" + positions.get(id) + "].eventId: this id is already used by"
                        + " another agent's event; this event is not stored"));
            } else {
                accepted.add(id);
            }
        }
        return new EventBatchAck(accepted, rejected);
    }

    private static Set<UUID> othersOf(Map<UUID, String> owners, String agentId) {
        Set<UUID> others = new HashSet<>();
        owners.forEach((id, owner) -> {
            if (!owner.equals(agentId)) {
                others.add(id);
            }
        });
        return others;
    }

    /**
     * Stores the events with their findings and review items; the ids another agent's event took
     * meanwhile (on PostgreSQL, between the look-up and the insert), which were skipped.
     */
    private Set<UUID> insert(Connection connection, List<Parsed> fresh, String agentId, Instant received) throws SQLException {
        Set<UUID> skipped;
        try (PreparedStatement event = connection.prepareStatement("INSERT INTO event (event_id, agent_id, occurred_at,"
                + " received_at, kind, host, user_name, program, device_class, device_vendor_id, device_product_id,"
                + " device_serial, file_path, file_sha256, file_size, inspection, action, people, reportable, document, operation_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING");
                PreparedStatement finding = connection.prepareStatement("INSERT INTO event_finding"
                        + " (event_id, type, confidence, count) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Parsed parsed : fresh) {
                Event e = parsed.event();
                String id = e.eventId().toString();
                event.setString(1, id);
                event.setString(2, e.agentId().toString());
                Rows.setInstant(event, 3, e.occurredAt());
                Rows.setInstant(event, 4, received);
                event.setString(5, e.kind().name());
                Rows.setText(event, 6, e.host());
                Rows.setText(event, 7, e.actor() == null ? null : e.actor().user());
                Rows.setText(event, 8, e.actor() == null ? null : truncate(e.actor().program(), 1024));
                Rows.setText(event, 9, e.device() == null ? null : e.device().deviceClass().name());
                Rows.setText(event, 10, e.device() == null ? null : e.device().vendorId());
                Rows.setText(event, 11, e.device() == null ? null : e.device().productId());
                Rows.setText(event, 12, e.device() == null ? null : e.device().serial());
                Rows.setText(event, 13, e.file() == null ? null : truncate(e.file().path(), 4096));
                Rows.setText(event, 14, e.file() == null ? null : e.file().sha256());
                Rows.setLong(event, 15, e.file() == null ? null : e.file().size());
                Rows.setText(event, 16, e.classification() == null ? null : e.classification().status().name());
                Rows.setText(event, 17, e.decision() == null ? null : e.decision().action().name());
                Rows.setInt(event, 18, e.classification() == null ? null : e.classification().people());
                Rows.setText(event, 19, e.classification() == null || e.classification().reportable().isEmpty() ? null
                        : e.classification().reportable().stream().map(ReportableTrigger::name).sorted()
                                .collect(Collectors.joining(",")));
                event.setString(20, ProtocolJson.write(parsed.document()));
                Rows.setText(event, 21, e.operationId() == null ? null : e.operationId().toString());
                event.addBatch();
            }
            int[] counts = event.executeBatch();
            Set<UUID> unsure = new HashSet<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 1) { // 0: skipped by ON CONFLICT; SUCCESS_NO_INFO: PostgreSQL's rewritten batches do not say
                    unsure.add(fresh.get(i).event().eventId());
                }
            }
            skipped = unsure.isEmpty() ? new HashSet<>() : othersOf(owners(connection, unsure), agentId);
            boolean findings = false;
            for (Parsed parsed : fresh) {
                Event e = parsed.event();
                if (e.classification() == null || skipped.contains(e.eventId())) {
                    continue;
                }
                for (FindingSummary summary : e.classification().findings()) {
                    finding.setString(1, e.eventId().toString());
                    finding.setString(2, summary.type().id());
                    finding.setString(3, summary.confidence().name());
                    finding.setInt(4, summary.count());
                    finding.addBatch();
                    findings = true;
                }
            }
            if (findings) {
                finding.executeBatch();
            }
        }
        for (Parsed parsed : fresh) {
            Event e = parsed.event();
            if (skipped.contains(e.eventId())) {
                continue;
            }
            if (e.kind() == EventKind.FILE_WRITTEN && e.decision() != null && e.decision().action() == Action.BLOCK) {
                reviews.open(connection, e.eventId().toString(), e.agentId().toString(), received);
            } else if (e.kind() == EventKind.USER_RESPONSE && e.response().outcome() != OverrideOutcome.CONTINUED) {
                for (String held : heldFiles(connection, e.agentId().toString(), e.operationId())) {
                    reviews.open(connection, held, e.agentId().toString(), received);
                }
            }
        }
        return skipped;
    }

    /** The held (WARN_OVERRIDE) files of one copy operation. */
    private static List<String> heldFiles(Connection connection, String agentId, UUID operationId) throws SQLException {
        List<String> held = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT event_id FROM event WHERE agent_id = ?"
                + " AND operation_id = ? AND kind = ? AND action = ?")) {
            select.setString(1, agentId);
            select.setString(2, operationId.toString());
            select.setString(3, EventKind.FILE_WRITTEN.name());
            select.setString(4, Action.WARN_OVERRIDE.name());
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    held.add(row.getString(1));
                }
            }
        }
        return held;
    }

    /** The stored events among {@code ids}, with the agent each belongs to. */
    private static Map<UUID, String> owners(Connection connection, Set<UUID> ids) throws SQLException {
        Map<UUID, String> found = new java.util.HashMap<>();
        List<UUID> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<UUID> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT event_id, agent_id FROM event WHERE event_id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i).toString());
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.put(UUID.fromString(row.getString(1)), row.getString(2));
                    }
                }
            }
        }
        return found;
    }

    private static UUID idOf(JsonNode node) {
        JsonNode id = node == null ? null : node.get("eventId");
        if (id == null || !id.isTextual()) {
            return null;
        }
        try {
            return UUID.fromString(id.asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
