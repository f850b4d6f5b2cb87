package io.mamori.agent.index;

import java.util.function.LongSupplier;

/**
 * Keeps the indexer under so many files and so many bytes a second. Each file is paid for when it
 * is taken; while the account is overdrawn the indexer waits until it is even again, so a large
 * file is followed by a pause in proportion. After a quiet spell up to one second's worth may go
 * at once.
 */
final class Throttle {

    /** Waits; false when the indexer is told to stop meanwhile. */
    interface Pause {
        boolean pause(long nanos);
    }

    private static final double NANOS_PER_SECOND = 1e9;

    private final double filesPerSecond;
    private final double bytesPerSecond;
    private final LongSupplier nanoTime;
    private final Pause pause;
    private double files;
    private double bytes;
    private long last;

    Throttle(int filesPerSecond, long bytesPerSecond, LongSupplier nanoTime, Pause pause) {
        if (filesPerSecond < 1 || bytesPerSecond < 1) {
            throw new IllegalArgumentException("rates must be positive");
        }
        this.filesPerSecond = filesPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.pause = pause;
        this.files = filesPerSecond;
        this.bytes = bytesPerSecond;
        this.last = nanoTime.getAsLong();
    }

    /** Takes one file of {@code size} bytes, first waiting as long as the rates require; false if told to stop. */
    boolean take(long size) {
        long now = nanoTime.getAsLong();
        double seconds = (now - last) / NANOS_PER_SECOND;
        last = now;
        files = Math.min(filesPerSecond, files + seconds * filesPerSecond);
        bytes = Math.min(bytesPerSecond, bytes + seconds * bytesPerSecond);
        files -= 1;
        bytes -= size;
        double owed = Math.max(-files / filesPerSecond, -bytes / bytesPerSecond);
        return owed <= 0 || pause.pause((long) Math.ceil(owed * NANOS_PER_SECOND));
    }
}
