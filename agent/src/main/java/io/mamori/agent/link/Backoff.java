package io.mamori.agent.link;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter: after the n-th failure in a row, wait a random time up to
 * min(cap, base·2ⁿ). Jitter spreads a fleet's retries, so a console coming back is not met by
 * every agent in the same second.
 */
public final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The wait after one more failure; honours the console's Retry-After when it sent one. */
    public Duration next(Duration retryAfter) {
        failures = Math.min(failures + 1, 30);
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(failures - 1, 20));
        long wait = random.nextLong(Math.max(1, ceiling) + 1);
        if (retryAfter != null && retryAfter.toMillis() > wait) {
            wait = Math.min(retryAfter.toMillis(), cap.toMillis());
        }
        return Duration.ofMillis(wait);
    }

    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
