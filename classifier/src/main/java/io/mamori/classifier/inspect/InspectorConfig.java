package io.mamori.classifier.inspect;

import java.time.Duration;
import java.util.List;

/**
 * How the inspection workers run: how many at most, their heap, the per-file time limit (a base
 * plus an allowance per megabyte, capped), when an idle worker is stopped, and how long a new one
 * may take to start.
 *
 * @param workers        the most workers running at once
 * @param heapMegabytes  each worker's maximum heap
 * @param timeoutBase    time allowed for any file
 * @param timeoutPerMb   time added per megabyte of file
 * @param timeoutCap     the most time any file gets
 * @param idleStop       a worker idle this long is stopped
 * @param startupTimeout a worker that is not ready within this is given up on
 * @param extraJvmArgs   more arguments for the worker JVM (tests, tuning)
 */
public record InspectorConfig(int workers, int heapMegabytes, Duration timeoutBase, Duration timeoutPerMb,
        Duration timeoutCap, Duration idleStop, Duration startupTimeout, List<String> extraJvmArgs) {

    public InspectorConfig {
        if (workers < 1 || heapMegabytes < 16) {
            throw new IllegalArgumentException("at least one worker with at least 16 MB of heap");
        }
        extraJvmArgs = List.copyOf(extraJvmArgs);
    }

    /** One worker per core up to four, 256 MB each, 10 s + 2 s/MB capped at 120 s, stopped after 60 s idle. */
    public static InspectorConfig defaults() {
        int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return new InspectorConfig(workers, 256, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(120),
                Duration.ofSeconds(60), Duration.ofSeconds(60), List.of());
    }

    public InspectorConfig withWorkers(int count) {
        return new InspectorConfig(count, heapMegabytes, timeoutBase, timeoutPerMb, timeoutCap, idleStop, startupTimeout,
                extraJvmArgs);
    }

    public InspectorConfig withTimeouts(Duration base, Duration perMb, Duration cap) {
        return new InspectorConfig(workers, heapMegabytes, base, perMb, cap, idleStop, startupTimeout, extraJvmArgs);
    }

    public InspectorConfig withHeap(int megabytes) {
        return new InspectorConfig(workers, megabytes, timeoutBase, timeoutPerMb, timeoutCap, idleStop, startupTimeout,
                extraJvmArgs);
    }

    public InspectorConfig withIdleStop(Duration idle) {
        return new InspectorConfig(workers, heapMegabytes, timeoutBase, timeoutPerMb, timeoutCap, idle, startupTimeout,
                extraJvmArgs);
    }

    /** The time limit for a file of this size. */
    public Duration timeoutFor(long bytes) {
        long megabytes = (bytes + (1 << 20) - 1) >> 20;
        Duration limit = timeoutBase.plus(timeoutPerMb.multipliedBy(megabytes));
        return limit.compareTo(timeoutCap) > 0 ? timeoutCap : limit;
    }
}
