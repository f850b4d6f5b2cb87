package io.mamori.agent.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The indexer's throttle on a clock that moves only when the throttle waits: exact, and instant to run. */
class ThrottleTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MEGABYTE = 1024 * 1024;

    /** Virtual time: a pause advances it by exactly what was asked. */
    private static final class VirtualTime {
        long now;
        int pauses;

        boolean pause(long nanos) {
            now += nanos;
            pauses++;
            return true;
        }
    }

    @Test
    void filesBeyondTheRateWaitTheirTurn() {
        VirtualTime time = new VirtualTime();
        Throttle throttle = new Throttle(20, 1000 * MEGABYTE, () -> time.now, time::pause);
        for (int i = 0; i < 100; i++) {
            assertThat(throttle.take(1_000)).isTrue();
        }
        // one second's worth (20) goes at once, the other 80 at 20 a second
        assertThat(time.now).isBetween(4 * SECOND - 1_000, 4 * SECOND + 1_000);
        assertThat(time.pauses).isEqualTo(80);
    }

    @Test
    void bytesBeyondTheRateWaitTheirTurnAndALargeFileIsFollowedByALongerPause() {
        VirtualTime time = new VirtualTime();
        Throttle throttle = new Throttle(1000, 20 * MEGABYTE, () -> time.now, time::pause);
        for (int i = 0; i < 10; i++) {
            throttle.take(10 * MEGABYTE);
        }
        // 100 MB at 20 MB/s after the first 20 MB: 4 s
        assertThat(time.now).isBetween(4 * SECOND - 1_000, 4 * SECOND + 1_000);
        throttle.take(50 * MEGABYTE);
        assertThat(time.now).isBetween(6 * SECOND + 500 * 1_000_000L - 1_000, 6 * SECOND + 500 * 1_000_000L + 1_000);
    }

    @Test
    void aQuietSpellAllowsOnlyOneSecondsWorthAtOnce() {
        VirtualTime time = new VirtualTime();
        Throttle throttle = new Throttle(5, 1000 * MEGABYTE, () -> time.now, time::pause);
        time.now += 3600 * SECOND;
        for (int i = 0; i < 5; i++) {
            throttle.take(1);
        }
        assertThat(time.pauses).isZero();
        throttle.take(1);
        assertThat(time.pauses).isEqualTo(1);
    }

    @Test
    void aWaitCutShortByClosingSaysStop() {
        Throttle throttle = new Throttle(1, 1000 * MEGABYTE, () -> 0L, nanos -> false);
        assertThat(throttle.take(1)).isTrue();
        assertThat(throttle.take(1)).isFalse();
    }
}
