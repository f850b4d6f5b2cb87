package io.mamori.console.web;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limits by key (an agent id, a client address): a token bucket per key that refills at a
 * steady rate up to a burst size. Buckets idle long enough to be full again are dropped, so memory
 * follows the number of active callers. One node's view: behind a load balancer, each node
 * limits what reaches it.
 */
public final class TokenBuckets {

    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private long lastSweep = System.nanoTime();

    public TokenBuckets(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code key}; false when the caller must wait. */
    public boolean tryAcquire(String key) {
        long now = System.nanoTime();
        sweep(now);
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.refill(now, perSecond, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        if (now - lastSweep < 60_000_000_000L) {
            return;
        }
        lastSweep = now;
        long fullAfterNanos = (long) (burst / perSecond * 1e9);
        buckets.entrySet().removeIf(entry -> now - entry.getValue().updated > fullAfterNanos);
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        void refill(long now, double perSecond, double burst) {
            tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
            updated = now;
        }
    }
}
