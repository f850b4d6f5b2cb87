package io.mamori.console.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.Cursor;
import io.mamori.console.web.Page;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Finding events: by time, user, host, agent, device, finding type, action and kind, newest
 * first, a page at a time; and one event in full. Every filter is an exact match on an indexed
 * column except the host, which matches any part of the name.
 */
@Singleton
public class EventSearch {

    private static final Pattern VID_PID = Pattern.compile("(?i)([0-9a-f]{4}):([0-9a-f]{4})");
    private static final String COLUMNS = "e.event_id, e.agent_id, e.occurred_at, e.received_at, e.kind, e.host, e.user_name,"
            + " e.program, e.device_class, e.device_vendor_id, e.device_product_id, e.device_serial, e.file_path,"
            + " e.file_sha256, e.file_size, e.inspection, e.action, e.people, e.reportable";

    /** What to look for; null parts do not restrict. */
    public record Query(Instant from, Instant to, String user, String host, String agentId, String device,
            String findingType, String action, String kind, Cursor cursor, int limit) {
    }

    /** One finding count of an event. */
    public record Finding(String type, String confidence, int count) {
    }

    /** An event in a result list. */
    public record EventSummary(String eventId, String agentId, Instant occurredAt, Instant receivedAt, String kind,
            String host, String user, String program, String deviceClass, String deviceVendorId, String deviceProductId,
            String deviceSerial, String filePath, String fileSha256, Long fileSize, String inspection, String action,
            Integer people, List<String> reportable, List<Finding> findings) {
    }

    /** An event in full, as the agent sent it. */
    public record EventDetail(EventSummary summary, JsonNode event, String reviewState) {
    }

    private final Database database;

    public EventSearch(Database database) {
        this.database = database;
    }

    public Page<EventSummary> search(Query query) {
        List<EventSummary> events = database.read(connection -> fetch(connection, query, query.cursor(), query.limit() + 1));
        String next = null;
        if (events.size() > query.limit()) {
            events.remove(events.size() - 1);
            EventSummary last = events.get(events.size() - 1);
            next = new Cursor(last.occurredAt(), last.eventId()).encode();
        }
        return new Page<>(events, next);
    }

    /** Every matching event, oldest page last, handed over in pages so memory stays flat; at most {@code max}. */
    public long forEach(Query query, long max, Consumer<EventSummary> sink) {
        long sent = 0;
        Cursor cursor = null;
        while (sent < max) {
            int size = (int) Math.min(1000, max - sent);
            Cursor from = cursor;
            List<EventSummary> page = database.read(connection -> fetch(connection, query, from, size));
            for (EventSummary event : page) {
                sink.accept(event);
            }
            sent += page.size();
            if (page.size() < size) {
                break;
            }
            EventSummary last = page.get(page.size() - 1);
            cursor = new Cursor(last.occurredAt(), last.eventId());
        }
        return sent;
    }

    public EventDetail get(String eventId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + ", e.document,"
                    + " (SELECT r.state FROM review_item r WHERE r.event_id = e.event_id) AS review_state"
                    + " FROM event e WHERE e.event_id = ?")) {
                select.setString(1, eventId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw ApiException.notFound("event " + eventId);
                    }
                    EventSummary summary = summary(row, findings(connection, List.of(eventId)).getOrDefault(eventId, List.of()));
                    return new EventDetail(summary, ProtocolJson.readTree(row.getString("document")
                            .getBytes(StandardCharsets.UTF_8)), row.getString("review_state"));
                }
            }
        });
    }

    private List<EventSummary> fetch(Connection connection, Query query, Cursor cursor, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM event e WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.from() != null) {
            sql.append(" AND e.occurred_at >= ?");
            parameters.add(query.from().toEpochMilli());
        }
        if (query.to() != null) {
            sql.append(" AND e.occurred_at < ?");
            parameters.add(query.to().toEpochMilli());
        }
        if (blank(query.user()) != null) {
            sql.append(" AND e.user_name = ?");
            parameters.add(query.user());
        }
        if (blank(query.host()) != null) {
            sql.append(" AND LOWER(e.host) LIKE ? ESCAPE '\\'");
            parameters.add(Rows.containing(query.host().strip().toLowerCase(Locale.ROOT)));
        }
        if (blank(query.agentId()) != null) {
            sql.append(" AND e.agent_id = ?");
            parameters.add(query.agentId());
        }
        if (blank(query.device()) != null) {
            var vidPid = VID_PID.matcher(query.device().strip());
            if (vidPid.matches()) {
                sql.append(" AND e.device_vendor_id = ? AND e.device_product_id = ?");
                parameters.add(vidPid.group(1).toLowerCase(Locale.ROOT));
                parameters.add(vidPid.group(2).toLowerCase(Locale.ROOT));
            } else {
                sql.append(" AND e.device_serial = ?");
                parameters.add(query.device().strip());
            }
        }
        if (blank(query.findingType()) != null) {
            FindingType type = parse(() -> FindingType.of(query.findingType().strip()), "findingType",
                    "is not a finding type (e.g. JP_MY_NUMBER, CUSTOM:project-x)");
            sql.append(" AND EXISTS (SELECT 1 FROM event_finding f WHERE f.event_id = e.event_id AND f.type = ?)");
            parameters.add(type.id());
        }
        if (blank(query.action()) != null) {
            Action action = parse(() -> Action.valueOf(query.action().strip().toUpperCase(Locale.ROOT)), "action",
                    "must be one of " + Arrays.toString(Action.values()));
            sql.append(" AND e.action = ?");
            parameters.add(action.name());
        }
        if (blank(query.kind()) != null) {
            EventKind kind = parse(() -> EventKind.valueOf(query.kind().strip().toUpperCase(Locale.ROOT)), "kind",
                    "must be one of " + Arrays.toString(EventKind.values()));
            sql.append(" AND e.kind = ?");
            parameters.add(kind.name());
        }
        if (cursor != null) {
            sql.append(" AND (e.occurred_at < ? OR (e.occurred_at = ? AND e.event_id < ?))");
            parameters.add(cursor.time().toEpochMilli());
            parameters.add(cursor.time().toEpochMilli());
            parameters.add(cursor.id());
        }
        sql.append(" ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT ?");
        parameters.add(limit);
        List<EventSummary> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    events.add(summary(row, List.of()));
                }
            }
        }
        Map<String, List<Finding>> findings = findings(connection, events.stream().map(EventSummary::eventId).toList());
        List<EventSummary> complete = new ArrayList<>(events.size());
        for (EventSummary e : events) {
            complete.add(new EventSummary(e.eventId(), e.agentId(), e.occurredAt(), e.receivedAt(), e.kind(), e.host(), e.user(),
                    e.program(), e.deviceClass(), e.deviceVendorId(), e.deviceProductId(), e.deviceSerial(), e.filePath(),
                    e.fileSha256(), e.fileSize(), e.inspection(), e.action(), e.people(), e.reportable(),
                    findings.getOrDefault(e.eventId(), List.of())));
        }
        return complete;
    }

    private static Map<String, List<Finding>> findings(Connection connection, List<String> eventIds) throws SQLException {
        Map<String, List<Finding>> byEvent = new LinkedHashMap<>();
        for (int from = 0; from < eventIds.size(); from += 500) {
            List<String> chunk = eventIds.subList(from, Math.min(eventIds.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement select = connection.prepareStatement("SELECT event_id, type, confidence, count"
                    + " FROM event_finding WHERE event_id IN (" + marks + ") ORDER BY event_id, type, confidence")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        byEvent.computeIfAbsent(row.getString(1), k -> new ArrayList<>())
                                .add(new Finding(row.getString(2), row.getString(3), row.getInt(4)));
                    }
                }
            }
        }
        return byEvent;
    }

    private static EventSummary summary(ResultSet row, List<Finding> findings) throws SQLException {
        String reportable = row.getString("reportable");
        long people = row.getLong("people");
        Integer peopleOrNull = row.wasNull() ? null : (int) people;
        return new EventSummary(row.getString("event_id"), row.getString("agent_id"), Rows.instant(row, "occurred_at"),
                Rows.instant(row, "received_at"), row.getString("kind"), row.getString("host"), row.getString("user_name"),
                row.getString("program"), row.getString("device_class"), row.getString("device_vendor_id"),
                row.getString("device_product_id"), row.getString("device_serial"), row.getString("file_path"),
                row.getString("file_sha256"), Rows.nullableLong(row, "file_size"), row.getString("inspection"),
                row.getString("action"), peopleOrNull, reportable == null ? List.of() : List.of(reportable.split(",")), findings);
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(Parse<T> parse, String field, String problem) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            throw ApiException.badRequest(field, problem);
        }
    }
}
