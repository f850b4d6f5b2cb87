package io.mamori.console.events;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.agents.AgentGroups;
import io.mamori.console.storage.Database;
import io.mamori.protocol.event.EventKind;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows about stored events: copies per day and action, the finding types,
 * users and devices seen most, bulk copies to removable media, and what the people in the
 * "leaving employees" group did. Each query reads a bounded time range through the event indexes.
 */
@Singleton
public class EventStatistics {

    /** Events of one day, by action (ALLOW, WARN, BLOCK … or "" for events without one). */
    public record Day(LocalDate day, Map<String, Long> byAction) {

        public long total() {
            return byAction.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A name and how often it was seen. */
    public record Count(String name, long count) {
    }

    /**
     * A user who copied more than the bulk-copy limit to removable media within the window:
     * the most files and bytes found in any window of the period, and when that window began.
     */
    public record BulkCopy(String user, String host, String agentId, long files, long bytes, Instant from, Instant to) {
    }

    /** One person's activity on an agent of the leaving-employees group. */
    public record LeaverActivity(String user, String host, long events, long copies, long blocked, Instant last) {
    }

    private final Database database;
    private final ConsoleSettings settings;
    private final Clock clock;

    public EventStatistics(Database database, ConsoleSettings settings, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
    }

    /** File events per day of the last {@code days} days (today included), in the console's time zone. */
    public List<Day> perDay(int days) {
        ZoneId zone = settings.getTimeZone();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate first = today.minusDays(days - 1L);
        Instant from = first.atStartOfDay(zone).toInstant();
        Map<LocalDate, Map<String, Long>> counts = new LinkedHashMap<>();
        for (int i = 0; i < days; i++) {
            counts.put(first.plusDays(i), new LinkedHashMap<>());
        }
        database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT occurred_at, action FROM event"
                    + " WHERE occurred_at >= ? AND kind = ?")) {
                select.setLong(1, from.toEpochMilli());
                select.setString(2, EventKind.FILE_WRITTEN.name());
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        LocalDate day = Instant.ofEpochMilli(row.getLong(1)).atZone(zone).toLocalDate();
                        Map<String, Long> byAction = counts.get(day);
                        if (byAction != null) {
                            String action = row.getString(2);
                            byAction.merge(action == null ? "" : action, 1L, Long::sum);
                        }
                    }
                }
            }
            return null;
        });
        List<Day> result = new ArrayList<>();
        counts.forEach((day, byAction) -> result.add(new Day(day, byAction)));
        return result;
    }

    /** Finding types by how many findings of each the events of the period carry. */
    public List<Count> topFindingTypes(Duration period, int limit) {
        return counts("SELECT f.type, SUM(f.count) AS n FROM event_finding f JOIN event e ON e.event_id = f.event_id"
                + " WHERE e.occurred_at >= ? GROUP BY f.type ORDER BY n DESC, f.type LIMIT ?", period, limit);
    }

    /** Users by their copies that were warned about, held or blocked in the period. */
    public List<Count> topUsers(Duration period, int limit) {
        return counts("SELECT user_name, COUNT(*) AS n FROM event WHERE occurred_at >= ? AND kind = 'FILE_WRITTEN'"
                + " AND action IN ('WARN', 'WARN_OVERRIDE', 'BLOCK') AND user_name IS NOT NULL"
                + " GROUP BY user_name ORDER BY n DESC, user_name LIMIT ?", period, limit);
    }

    /** Devices (vendor:product serial) by the copies to them that were warned about, held or blocked. */
    public List<Count> topDevices(Duration period, int limit) {
        return counts("SELECT device_vendor_id || ':' || device_product_id || ' ' || COALESCE(device_serial, '') AS d,"
                + " COUNT(*) AS n FROM event WHERE occurred_at >= ? AND kind = 'FILE_WRITTEN'"
                + " AND action IN ('WARN', 'WARN_OVERRIDE', 'BLOCK') AND device_vendor_id IS NOT NULL"
                + " GROUP BY d ORDER BY n DESC, d LIMIT ?", period, limit);
    }

    /**
     * People who wrote more than {@code bulk-copy-files} files or {@code bulk-copy-megabytes} MB to
     * removable media within {@code bulk-copy-window}, in the period: one entry per person and
     * host, with the window holding the most files.
     */
    public List<BulkCopy> bulkCopies(Duration period) {
        Instant from = clock.instant().minus(period);
        long window = settings.getBulkCopyWindow().toMillis();
        long maxFiles = settings.getBulkCopyFiles();
        long maxBytes = settings.getBulkCopyMegabytes() * 1024L * 1024L;
        return database.read(connection -> {
            List<BulkCopy> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT agent_id, host, user_name, occurred_at,"
                    + " COALESCE(file_size, 0) FROM event WHERE occurred_at >= ? AND kind = 'FILE_WRITTEN'"
                    + " ORDER BY agent_id, user_name, occurred_at")) {
                select.setLong(1, from.toEpochMilli());
                try (ResultSet row = select.executeQuery()) {
                    Deque<long[]> inWindow = new ArrayDeque<>();
                    String key = null;
                    String agent = null;
                    String host = null;
                    String user = null;
                    long files = 0;
                    long bytes = 0;
                    BulkCopy worst = null;
                    while (row.next()) {
                        String rowKey = row.getString(1) + '\u0000' + row.getString(3);
                        if (!rowKey.equals(key)) {
                            if (worst != null) {
                                found.add(worst);
                            }
                            key = rowKey;
                            agent = row.getString(1);
                            host = row.getString(2);
                            user = row.getString(3);
                            inWindow.clear();
                            files = 0;
                            bytes = 0;
                            worst = null;
                        }
                        long at = row.getLong(4);
                        long size = row.getLong(5);
                        inWindow.addLast(new long[] {at, size});
                        files++;
                        bytes += size;
                        while (inWindow.peekFirst()[0] < at - window) {
                            long[] gone = inWindow.removeFirst();
                            files--;
                            bytes -= gone[1];
                        }
                        boolean over = files > maxFiles || bytes > maxBytes;
                        if (over && (worst == null || files > worst.files() || files == worst.files() && bytes > worst.bytes())) {
                            worst = new BulkCopy(user, host, agent, files, bytes, Instant.ofEpochMilli(inWindow.peekFirst()[0]),
                                    Instant.ofEpochMilli(at));
                        }
                    }
                    if (worst != null) {
                        found.add(worst);
                    }
                }
            }
            found.sort((a, b) -> Long.compare(b.files(), a.files()));
            return found;
        });
    }

    /** What people did on the agents of the leaving-employees group in the period, most active first. */
    public List<LeaverActivity> leavers(Duration period, int limit) {
        Instant from = clock.instant().minus(period);
        return database.read(connection -> {
            List<LeaverActivity> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT e.user_name, e.host, COUNT(*),"
                    + " SUM(CASE WHEN e.kind = 'FILE_WRITTEN' THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN e.action IN ('BLOCK', 'WARN_OVERRIDE') THEN 1 ELSE 0 END), MAX(e.occurred_at)"
                    + " FROM event e JOIN agent a ON a.id = e.agent_id"
                    + " WHERE a.group_id = ? AND e.occurred_at >= ? AND e.user_name IS NOT NULL"
                    + " GROUP BY e.user_name, e.host ORDER BY COUNT(*) DESC, e.user_name LIMIT ?")) {
                select.setString(1, AgentGroups.LEAVING);
                select.setLong(2, from.toEpochMilli());
                select.setInt(3, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(new LeaverActivity(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4),
                                row.getLong(5), Instant.ofEpochMilli(row.getLong(6))));
                    }
                }
            }
            return found;
        });
    }

    private List<Count> counts(String sql, Duration period, int limit) {
        Instant from = clock.instant().minus(period);
        return database.read(connection -> query(connection, sql, from, limit));
    }

    private static List<Count> query(Connection connection, String sql, Instant from, int limit) throws SQLException {
        List<Count> counts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, from.toEpochMilli());
            select.setInt(2, limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    counts.add(new Count(row.getString(1), row.getLong(2)));
                }
            }
        }
        return counts;
    }
}
