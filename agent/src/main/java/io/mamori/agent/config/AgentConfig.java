package io.mamori.agent.config;

import java.nio.file.Path;
import io.mamori.agent.media.RemovableMatcher;
import java.time.Duration;
import java.util.List;

/**
 * The agent's settings, from {@code agent.yml} in its state directory (all optional; these are
 * the defaults). docs/agent.md describes each.
 *
 * @param batchSize          events per batch sent to the console
 * @param outboxMaxEvents    unsent events kept before the least important are given up
 * @param outboxMaxAge       unsent events younger than this are never given up (capacity is the larger of the two)
 * @param retention          sent events older than this are pruned from the local log
 * @param maxLogBytes        the local log's size above which the oldest sent events are pruned
 * @param checkpointEvery    a signed checkpoint after this many records
 * @param checkpointInterval …or after this long, whichever comes first
 * @param requestTimeout     how long one call to the console may take
 * @param caFile             a PEM file of CA certificates to trust for the console, besides the system's
 * @param stallAfter         a loop that has not reported progress for this long makes the watchdog restart the agent
 * @param media              removable media: watching, inspection, simulated sticks
 * @param indexer            the background indexer ({@code indexer.*})
 * @param patchInterval      the patch level is measured at start and then this often ({@code patch.interval})
 */
public record AgentConfig(
        int batchSize,
        long outboxMaxEvents,
        Duration outboxMaxAge,
        Duration retention,
        long maxLogBytes,
        int checkpointEvery,
        Duration checkpointInterval,
        Duration requestTimeout,
        Path caFile,
        Duration stallAfter,
        Media media,
        IndexerSettings indexer,
        Duration patchInterval) {

    /** The default patch interval: every 6 hours. */
    public static final Duration PATCH_INTERVAL = Duration.ofHours(6);

    /** The settings with the patch level measured at the default interval. */
    public AgentConfig(int batchSize, long outboxMaxEvents, Duration outboxMaxAge, Duration retention, long maxLogBytes,
            int checkpointEvery, Duration checkpointInterval, Duration requestTimeout, Path caFile, Duration stallAfter,
            Media media, IndexerSettings indexer) {
        this(batchSize, outboxMaxEvents, outboxMaxAge, retention, maxLogBytes, checkpointEvery, checkpointInterval,
                requestTimeout, caFile, stallAfter, media, indexer, PATCH_INTERVAL);
    }

    public static AgentConfig defaults() {
        return new AgentConfig(500, 1_000_000, Duration.ofDays(7), Duration.ofDays(90), 2L * 1024 * 1024 * 1024, 1000,
                Duration.ofMinutes(10), Duration.ofSeconds(30), null, Duration.ofMinutes(5), Media.defaults(),
                IndexerSettings.defaults(), PATCH_INTERVAL);
    }

    /**
     * Removable media.
     *
     * @param enabled           whether the agent watches removable media at all
     * @param operationGap      a pause this long between files ends a copy operation
     * @param inspectionWorkers inspection worker processes (and deciding threads) at most
     * @param simulatedUsb      loop-mounted images presented as USB sticks (tests, the demo); empty in production
     * @param desktop           whether employees are told and asked on their desktop (off: notices are only logged,
     *                          held copies stay blocked)
     * @param desktopSocketDir  where the sockets of the question windows are made; null: {@code /run/mamori/desktop}
     *                          for the service, {@code desktop} in the state directory for an agent run as a user
     * @param watcher           the OS's own adapters ({@code NATIVE}, falling back to the portable watcher when they
     *                          fail), or the portable watcher from the start
     * @param pollInterval      how often the portable watcher lists the mounted volumes
     */
    public record Media(boolean enabled, Duration operationGap, int inspectionWorkers, List<RemovableMatcher> simulatedUsb,
            boolean desktop, Path desktopSocketDir, Watcher watcher, Duration pollInterval) {

        public Media {
            simulatedUsb = List.copyOf(simulatedUsb);
            java.util.Objects.requireNonNull(watcher, "watcher");
            java.util.Objects.requireNonNull(pollInterval, "pollInterval");
        }

        public static Media defaults() {
            return new Media(true, Duration.ofSeconds(3), Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                    List.of(), true, null, Watcher.NATIVE, Duration.ofSeconds(1));
        }

        /** The same settings with another watcher. */
        public Media withWatcher(Watcher other) {
            return new Media(enabled, operationGap, inspectionWorkers, simulatedUsb, desktop, desktopSocketDir, other, pollInterval);
        }
    }

    /** Which removable-media watcher the agent runs. */
    public enum Watcher {
        /** The OS's own adapters where this build has them; the portable watcher where not, or when they fail. */
        NATIVE,
        /** The portable watcher (JDK and OSHI only): volumes polled, writes seen when settled, no device enforcement. */
        PORTABLE
    }

    /**
     * What the background indexer classifies ahead of time, and how gently.
     *
     * @param enabled        whether it runs at all
     * @param roots          folders to index: absolute, or under {@code ~} (the home of the user the agent
     *                       runs as); {@code *} matches any part of one folder name ({@code /home/*}{@code /Documents})
     * @param maxFileBytes   larger files are left to be classified when they are copied
     * @param filesPerSecond at most this many files read a second…
     * @param bytesPerSecond …and at most this many bytes
     * @param passInterval   a pass over every folder starts this long after the previous one started
     */
    public record IndexerSettings(boolean enabled, List<String> roots, long maxFileBytes, int filesPerSecond,
            long bytesPerSecond, Duration passInterval) {

        /** The folders indexed by default when the agent runs as a user. */
        public static final List<String> USER_FOLDERS = List.of("~/Documents", "~/Desktop", "~/Downloads");

        public IndexerSettings {
            roots = List.copyOf(roots);
        }

        /**
         * On; the user's Documents, Desktop and Downloads when the agent runs as a user, and no folder
         * when it runs as root (the service indexes only the folders its configuration lists); files up
         * to 50 MB; 20 files and 20 MB a second; a pass every 6 hours.
         */
        public static IndexerSettings defaults() {
            boolean service = "root".equals(System.getProperty("user.name"));
            return new IndexerSettings(true, service ? List.of() : USER_FOLDERS, 50L * 1024 * 1024, 20, 20L * 1024 * 1024,
                    Duration.ofHours(6));
        }
    }
}
