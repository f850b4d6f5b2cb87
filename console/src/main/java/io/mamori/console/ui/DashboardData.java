package io.mamori.console.ui;

import io.mamori.console.events.EventStatistics;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's figures about stored events, computed in the background every
 * {@code mamori.console.dashboard-refresh} (5 minutes) so that the page reads them at once: over a
 * million events the counts take longer than a page may. The page says how old they are and
 * offers to count again.
 */
@Singleton
public class DashboardData {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardData.class);

    /** What the dashboard shows about events, and when it was counted and how long that took. */
    public record Snapshot(List<EventStatistics.Day> days, List<EventStatistics.Count> findingTypes,
            List<EventStatistics.Count> users, List<EventStatistics.Count> devices, List<EventStatistics.BulkCopy> bulkCopies,
            List<EventStatistics.LeaverActivity> leavers, Instant countedAt, Duration took) {
    }

    private final EventStatistics statistics;
    private final Clock clock;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    public DashboardData(EventStatistics statistics, Clock clock) {
        this.statistics = statistics;
        this.clock = clock;
    }

    /** The latest figures; the first call before any background count counts now. */
    public Snapshot current() {
        Snapshot snapshot = current.get();
        return snapshot != null ? snapshot : refresh();
    }

    /** Counts now (the background schedule, the page's "count again" button). */
    public synchronized Snapshot refresh() {
        Instant start = clock.instant();
        long began = System.nanoTime();
        Snapshot snapshot = new Snapshot(statistics.perDay(DashboardPages.DAYS),
                statistics.topFindingTypes(DashboardPages.TOP_PERIOD, 8), statistics.topUsers(DashboardPages.TOP_PERIOD, 8),
                statistics.topDevices(DashboardPages.TOP_PERIOD, 8), statistics.bulkCopies(DashboardPages.BULK_PERIOD),
                statistics.leavers(DashboardPages.TOP_PERIOD, 20), start, Duration.ofNanos(System.nanoTime() - began));
        current.set(snapshot);
        LOG.debug("dashboard figures counted in {} ms", snapshot.took().toMillis());
        return snapshot;
    }

    @Scheduled(fixedDelay = "${mamori.console.dashboard-refresh:5m}", initialDelay = "${mamori.console.dashboard-refresh:5m}")
    void refreshInBackground() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("the dashboard's figures could not be counted: {}", e.getMessage());
        }
    }
}
