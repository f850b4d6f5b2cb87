package io.mamori.console.incidents;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Role;
import io.mamori.console.audit.AuditTrail;
import io.mamori.console.events.EventSearch;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.finding.PeopleKeys;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.finding.ReportableTrigger;
import io.mamori.protocol.policy.Action;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Incidents: opened from events by a reviewer, followed through the {@link ResponseStep}s with an
 * owner, notes and timestamps, and assessed against the APPI's reporting rule ({@link AppiAssessment}).
 * Every change is written to the audit trail in its own transaction; nothing is ever deleted.
 */
@Singleton
public class Incidents {

    public static final int MAX_TITLE = 200;
    public static final int MAX_NOTE = 4000;
    public static final int MAX_EVENTS = 100;
    /** Enough for a list page; older closed incidents stay stored. */
    public static final int LIST_LIMIT = 500;
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    private static final Set<String> STOPPED = Set.of(Action.BLOCK.name(), Action.DENY.name(), Action.READ_ONLY.name());

    /** An incident as stored. */
    public record Incident(String id, String title, String owner, ResponseStep step, String createdBy, Instant createdAt,
            Instant updatedAt, AppiAssessment.DataLeft dataLeft, boolean improperPurpose, LocalDate awareOn,
            LocalDate preliminaryReportedOn, LocalDate finalReportedOn, Instant closedAt) {

        public boolean closed() {
            return closedAt != null;
        }
    }

    /** What happened in an incident's history. */
    public enum HistoryKind { OPENED, NOTE, ADVANCED, CLOSED }

    /** One entry of an incident's history: the step it was written in, by whom, when. */
    public record HistoryEntry(ResponseStep step, HistoryKind kind, String actor, String note, Instant at) {
    }

    /** An incident in a list, assessed. */
    public record Summary(Incident incident, AppiAssessment assessment, int events) {
    }

    /** An incident in full: its events (masked findings only), its history, its assessment. */
    public record Detail(Incident incident, List<EventSearch.EventSummary> events, List<HistoryEntry> history,
            AppiAssessment assessment) {
    }

    /** The reviewer's judgements as entered, before they are checked. */
    public record JudgementChange(boolean improperPurpose, AppiAssessment.DataLeft dataLeft, LocalDate awareOn,
            LocalDate preliminaryReportedOn, LocalDate finalReportedOn) {
    }

    private final Database database;
    private final EventSearch events;
    private final AuditTrail audit;
    private final Clock clock;
    private final ZoneId zone;

    public Incidents(Database database, EventSearch events, AuditTrail audit, Clock clock, ConsoleSettings settings) {
        this.database = database;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.zone = settings.getTimeZone();
    }

    /** Today in the console's time zone: the day deadlines are compared with. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** Opens an incident from events; the 起算日 is today until the reviewer records another. */
    public String open(AdminPrincipal actor, String title, List<String> eventIds, String note) {
        String cleanTitle = title(title);
        String cleanNote = optionalNote(note);
        List<String> ids = eventIds(eventIds);
        Instant now = clock.instant();
        String id = EventIds.next().toString();
        return database.write(connection -> {
            List<String> missing = new ArrayList<>(ids);
            missing.removeAll(existing(connection, ids));
            if (!missing.isEmpty()) {
                throw ApiException.badRequest("events", "no such event: " + String.join(", ", missing));
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO incident (id, title, owner, step,"
                    + " created_by, created_at, updated_at, data_left, improper_purpose, aware_on)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, cleanTitle);
                insert.setString(3, actor.username());
                insert.setString(4, ResponseStep.DETECTION.name());
                insert.setString(5, actor.username());
                Rows.setInstant(insert, 6, now);
                Rows.setInstant(insert, 7, now);
                insert.setString(8, AppiAssessment.DataLeft.UNKNOWN.name());
                insert.setBoolean(9, false);
                insert.setString(10, LocalDate.ofInstant(now, zone).toString());
                insert.executeUpdate();
            }
            try (PreparedStatement link = connection.prepareStatement(
                    "INSERT INTO incident_event (incident_id, event_id) VALUES (?, ?)")) {
                for (String eventId : ids) {
                    link.setString(1, id);
                    link.setString(2, eventId);
                    link.addBatch();
                }
                link.executeBatch();
            }
            history(connection, id, ResponseStep.DETECTION, HistoryKind.OPENED, actor.username(), cleanNote, now);
            audit.record(connection, actor, "incident.opened", "incident", id, Map.of("title", cleanTitle, "events", ids));
            return id;
        });
    }

    /** Open ({@code closed} false) or closed incidents, most recently changed first. */
    public List<Summary> list(boolean closed) {
        return database.read(connection -> {
            List<Incident> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM incident WHERE closed_at IS "
                    + (closed ? "NOT NULL" : "NULL") + " ORDER BY updated_at DESC, id DESC LIMIT " + LIST_LIMIT)) {
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(incident(row));
                    }
                }
            }
            Map<String, List<AppiAssessment.EventFacts>> facts = facts(connection, found.stream().map(Incident::id).toList());
            List<Summary> summaries = new ArrayList<>();
            for (Incident incident : found) {
                List<AppiAssessment.EventFacts> of = facts.getOrDefault(incident.id(), List.of());
                summaries.add(new Summary(incident, AppiAssessment.of(of, judgements(incident)), of.size()));
            }
            return summaries;
        });
    }

    public Detail get(String id) {
        Incident incident = database.read(connection -> find(connection, id));
        List<HistoryEntry> history = database.read(connection -> history(connection, id));
        List<AppiAssessment.EventFacts> facts = database.read(connection -> facts(connection, List.of(id))).getOrDefault(id, List.of());
        List<EventSearch.EventSummary> linked = new ArrayList<>();
        for (AppiAssessment.EventFacts fact : facts) {
            linked.add(events.get(fact.eventId()).summary());
        }
        return new Detail(incident, linked, history, AppiAssessment.of(facts, judgements(incident)));
    }

    /** A note in the current step. */
    public void note(AdminPrincipal actor, String id, String note) {
        String cleanNote = requiredNote(note);
        Instant now = clock.instant();
        database.write(connection -> {
            Incident incident = changeable(connection, id);
            history(connection, id, incident.step(), HistoryKind.NOTE, actor.username(), cleanNote, now);
            touch(connection, id, now);
            audit.record(connection, actor, "incident.noted", "incident", id, Map.of("step", incident.step().name()));
            return null;
        });
    }

    /**
     * Finishes step {@code from} with a note and moves to the next; finishing the last step closes
     * the incident. {@code from} is the step the person saw, so a form sent twice moves only once.
     */
    public void advance(AdminPrincipal actor, String id, ResponseStep from, String note) {
        String cleanNote = requiredNote(note);
        Instant now = clock.instant();
        database.write(connection -> {
            Incident incident = changeable(connection, id);
            if (incident.step() != from) {
                throw ApiException.conflict("the incident is already in step " + incident.step() + ", not " + from);
            }
            ResponseStep next = from.next();
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE incident SET step = ?, updated_at = ?, closed_at = ? WHERE id = ?")) {
                update.setString(1, (next == null ? from : next).name());
                Rows.setInstant(update, 2, now);
                Rows.setInstant(update, 3, next == null ? now : null);
                update.setString(4, id);
                update.executeUpdate();
            }
            history(connection, id, from, next == null ? HistoryKind.CLOSED : HistoryKind.ADVANCED, actor.username(),
                    cleanNote, now);
            audit.record(connection, actor, next == null ? "incident.closed" : "incident.advanced", "incident", id,
                    next == null ? Map.of("step", from.name()) : Map.of("from", from.name(), "to", next.name()));
            return null;
        });
    }

    /** Hands the incident to another administrator or reviewer. */
    public void assign(AdminPrincipal actor, String id, String owner) {
        String wanted = owner == null ? "" : owner.strip();
        Instant now = clock.instant();
        database.write(connection -> {
            Incident incident = changeable(connection, id);
            if (!mayOwn(connection, wanted)) {
                throw ApiException.badRequest("owner", "'" + shorten(wanted) + "' is not an active administrator or reviewer");
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE incident SET owner = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, wanted);
                Rows.setInstant(update, 2, now);
                update.setString(3, id);
                update.executeUpdate();
            }
            audit.record(connection, actor, "incident.assigned", "incident", id, Map.of("from", incident.owner(), "to", wanted));
            return null;
        });
    }

    /** Records the reviewer's judgements: improper purpose, whether data left, the 起算日 and the reports sent. */
    public void judge(AdminPrincipal actor, String id, JudgementChange change) {
        LocalDate today = today();
        Objects.requireNonNull(change.dataLeft(), "dataLeft");
        day(change.awareOn(), "awareOn", EARLIEST, today, true);
        day(change.preliminaryReportedOn(), "preliminaryReportedOn", change.awareOn(), today, false);
        day(change.finalReportedOn(), "finalReportedOn", change.awareOn(), today, false);
        Instant now = clock.instant();
        database.write(connection -> {
            Incident before = changeable(connection, id);
            try (PreparedStatement update = connection.prepareStatement("UPDATE incident SET improper_purpose = ?,"
                    + " data_left = ?, aware_on = ?, preliminary_reported_on = ?, final_reported_on = ?, updated_at = ?"
                    + " WHERE id = ?")) {
                update.setBoolean(1, change.improperPurpose());
                update.setString(2, change.dataLeft().name());
                update.setString(3, change.awareOn().toString());
                Rows.setText(update, 4, text(change.preliminaryReportedOn()));
                Rows.setText(update, 5, text(change.finalReportedOn()));
                Rows.setInstant(update, 6, now);
                update.setString(7, id);
                update.executeUpdate();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            changed(detail, "improperPurpose", before.improperPurpose(), change.improperPurpose());
            changed(detail, "dataLeft", before.dataLeft(), change.dataLeft());
            changed(detail, "awareOn", before.awareOn(), change.awareOn());
            changed(detail, "preliminaryReportedOn", before.preliminaryReportedOn(), change.preliminaryReportedOn());
            changed(detail, "finalReportedOn", before.finalReportedOn(), change.finalReportedOn());
            audit.record(connection, actor, "incident.judged", "incident", id, detail);
            return null;
        });
    }

    /** Active accounts that may own an incident, by name. */
    public List<String> possibleOwners() {
        return database.read(connection -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT username FROM account WHERE disabled_at IS NULL"
                    + " AND role IN (?, ?) ORDER BY username")) {
                select.setString(1, Role.ADMIN.name());
                select.setString(2, Role.REVIEWER.name());
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        names.add(row.getString(1));
                    }
                }
            }
            return names;
        });
    }

    // ---- checks of what comes from outside

    static String title(String title) {
        String clean = title == null ? "" : title.strip();
        if (clean.isEmpty() || clean.length() > MAX_TITLE) {
            throw ApiException.badRequest("title", "is required, at most " + MAX_TITLE + " characters");
        }
        if (clean.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("title", "must be one line without control characters");
        }
        return clean;
    }

    private static String requiredNote(String note) {
        String clean = optionalNote(note);
        if (clean == null) {
            throw ApiException.badRequest("note", "is required: say what was done");
        }
        return clean;
    }

    private static String optionalNote(String note) {
        String clean = note == null ? "" : note.strip();
        if (clean.length() > MAX_NOTE) {
            throw ApiException.badRequest("note", "is at most " + MAX_NOTE + " characters (was " + clean.length() + ")");
        }
        return clean.isEmpty() ? null : clean;
    }

    static List<String> eventIds(List<String> given) {
        Set<String> ids = new LinkedHashSet<>();
        for (String text : given) {
            for (String part : text.split("[\\s,]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                try {
                    ids.add(UUID.fromString(part).toString());
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("events", "'" + shorten(part) + "' is not an event id");
                }
            }
        }
        if (ids.isEmpty() || ids.size() > MAX_EVENTS) {
            throw ApiException.badRequest("events", "an incident needs 1 to " + MAX_EVENTS + " events (was " + ids.size() + ")");
        }
        return List.copyOf(ids);
    }

    private static void day(LocalDate day, String field, LocalDate earliest, LocalDate latest, boolean required) {
        if (day == null) {
            if (required) {
                throw ApiException.badRequest(field, "is required");
            }
            return;
        }
        if (day.isBefore(earliest) || day.isAfter(latest)) {
            throw ApiException.badRequest(field, "must be between " + earliest + " and " + latest + " (was " + day + ")");
        }
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    // ---- storage

    private Incident changeable(Connection connection, String id) throws SQLException {
        Incident incident = find(connection, id);
        if (incident.closed()) {
            throw ApiException.conflict("the incident is closed");
        }
        return incident;
    }

    private static Incident find(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM incident WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("incident " + id);
                }
                return incident(row);
            }
        }
    }

    private static Incident incident(ResultSet row) throws SQLException {
        return new Incident(row.getString("id"), row.getString("title"), row.getString("owner"),
                ResponseStep.valueOf(row.getString("step")), row.getString("created_by"), Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"), AppiAssessment.DataLeft.valueOf(row.getString("data_left")),
                row.getBoolean("improper_purpose"), LocalDate.parse(row.getString("aware_on")),
                date(row.getString("preliminary_reported_on")), date(row.getString("final_reported_on")),
                Rows.instant(row, "closed_at"));
    }

    private static AppiAssessment.Judgements judgements(Incident incident) {
        return new AppiAssessment.Judgements(incident.improperPurpose(), incident.dataLeft(), incident.awareOn(),
                incident.preliminaryReportedOn(), incident.finalReportedOn());
    }

    private static List<String> existing(Connection connection, List<String> ids) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        List<String> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT event_id FROM event WHERE event_id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 1, ids.get(i));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.add(row.getString(1));
                }
            }
        }
        return found;
    }

    private static Map<String, List<AppiAssessment.EventFacts>> facts(Connection connection, List<String> incidentIds)
            throws SQLException {
        Map<String, List<AppiAssessment.EventFacts>> byIncident = new LinkedHashMap<>();
        if (incidentIds.isEmpty()) {
            return byIncident;
        }
        String marks = String.join(", ", Collections.nCopies(incidentIds.size(), "?"));
        // a file's people as keys travel in its document, and only for files of 1 to 1,000 people: only those are read
        try (PreparedStatement select = connection.prepareStatement("SELECT l.incident_id, e.event_id, e.agent_id, e.reportable,"
                + " e.people, e.action, CASE WHEN e.people BETWEEN 1 AND " + PeopleKeys.MAX_KEYS + " THEN e.document END AS document"
                + " FROM incident_event l JOIN event e ON e.event_id = l.event_id WHERE l.incident_id IN (" + marks + ")"
                + " ORDER BY l.incident_id, e.occurred_at, e.event_id")) {
            for (int i = 0; i < incidentIds.size(); i++) {
                select.setString(i + 1, incidentIds.get(i));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Set<ReportableTrigger> reportable = EnumSet.noneOf(ReportableTrigger.class);
                    String text = row.getString("reportable");
                    if (text != null) {
                        for (String name : text.split(",")) {
                            reportable.add(ReportableTrigger.valueOf(name.strip()));
                        }
                    }
                    int people = row.getInt("people");
                    Integer peopleOrNull = row.wasNull() ? null : people;
                    byIncident.computeIfAbsent(row.getString("incident_id"), k -> new ArrayList<>())
                            .add(new AppiAssessment.EventFacts(row.getString("event_id"), reportable, peopleOrNull,
                                    STOPPED.contains(row.getString("action")), row.getString("agent_id"),
                                    peopleKeys(row.getString("document"))));
                }
            }
        }
        return byIncident;
    }

    /** The people keys of an event's file, from its stored document; null when it has none or they do not read. */
    private static PeopleKeys peopleKeys(String document) {
        if (document == null) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode keys = ProtocolJson.readTree(document.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .path("classification").path("peopleKeys");
            return keys.isMissingNode() || keys.isNull() ? null : ProtocolJson.fromTree(keys, PeopleKeys.class);
        } catch (RuntimeException e) {
            return null; // ingest checked it; a document that no longer reads only loses the count across files
        }
    }

    private static void history(Connection connection, String id, ResponseStep step, HistoryKind kind, String actor,
            String note, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO incident_step (id, incident_id, step, kind,"
                + " actor, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, EventIds.next().toString());
            insert.setString(2, id);
            insert.setString(3, step.name());
            insert.setString(4, kind.name());
            insert.setString(5, actor);
            Rows.setText(insert, 6, note);
            Rows.setInstant(insert, 7, at);
            insert.executeUpdate();
        }
    }

    private static List<HistoryEntry> history(Connection connection, String id) throws SQLException {
        List<HistoryEntry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT step, kind, actor, note, at FROM incident_step"
                + " WHERE incident_id = ? ORDER BY at, id")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    entries.add(new HistoryEntry(ResponseStep.valueOf(row.getString("step")),
                            HistoryKind.valueOf(row.getString("kind")), row.getString("actor"), row.getString("note"),
                            Rows.instant(row, "at")));
                }
            }
        }
        return entries;
    }

    private static void touch(Connection connection, String id, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE incident SET updated_at = ? WHERE id = ?")) {
            Rows.setInstant(update, 1, now);
            update.setString(2, id);
            update.executeUpdate();
        }
    }

    private static boolean mayOwn(Connection connection, String username) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT role FROM account WHERE username = ?"
                + " AND disabled_at IS NULL")) {
            select.setString(1, username);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && Set.of(Role.ADMIN.name(), Role.REVIEWER.name()).contains(row.getString(1));
            }
        }
    }

    private static void changed(Map<String, Object> detail, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            Map<String, String> change = new LinkedHashMap<>();
            change.put("from", before == null ? "" : before.toString());
            change.put("to", after == null ? "" : after.toString());
            detail.put(field, change);
        }
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    private static String text(LocalDate day) {
        return day == null ? null : day.toString();
    }
}
