package io.mamori.agent.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.testing.Await;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Measured at start, on the schedule and on demand, on its own thread; the heartbeat only reads the last result. */
class PatchStatusCollectorTest {

    /** A probe that counts its measurements and can be held in the middle of one. */
    private static final class CountingProbe implements PatchStatusProbe {
        final AtomicInteger measured = new AtomicInteger();
        volatile CountDownLatch hold = new CountDownLatch(0);

        @Override
        public OsFamily osFamily() {
            return OsFamily.LINUX;
        }

        @Override
        public PatchStatus measure() {
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int n = measured.incrementAndGet();
            return new PatchStatus(Clock.systemUTC().instant(), OsFamily.LINUX, "12.11", n, 0, null, false, null, null, null,
                    "apt", null);
        }
    }

    @Test
    void measuresAtStartAndAgainWhenTheConsoleAsks() throws Exception {
        CountingProbe probe = new CountingProbe();
        List<PatchStatus> seen = new CopyOnWriteArrayList<>();
        try (PatchStatusCollector collector = new PatchStatusCollector(probe, Duration.ofHours(6), Clock.systemUTC(), seen::add)) {
            collector.start();
            Await.until("the first measurement", Duration.ofSeconds(10), () -> collector.latest().isPresent());
            assertThat(collector.latest().orElseThrow().pendingUpdates()).isEqualTo(1);

            collector.refresh();
            Await.until("the measurement asked for", Duration.ofSeconds(10), () -> probe.measured.get() == 2);
            Await.until("it is kept", Duration.ofSeconds(10), () -> collector.latest().orElseThrow().pendingUpdates() == 2);
            assertThat(seen).hasSize(2);
        }
    }

    @Test
    void theFirstMeasurementWaitsForItsDelayUnlessAsked() throws Exception {
        CountingProbe probe = new CountingProbe();
        try (PatchStatusCollector collector = new PatchStatusCollector(probe, Duration.ofHours(6), Clock.systemUTC(), s -> { })) {
            collector.start(Duration.ofHours(1));
            Thread.sleep(300);
            assertThat(probe.measured).hasValue(0);
            collector.refresh();
            Await.until("the measurement asked for", Duration.ofSeconds(10), () -> collector.latest().isPresent());
            assertThat(probe.measured).hasValue(1);
        }
    }

    @Test
    void measuresAgainAfterTheInterval() throws Exception {
        CountingProbe probe = new CountingProbe();
        try (PatchStatusCollector collector = new PatchStatusCollector(probe, Duration.ofMillis(200), Clock.systemUTC(), s -> { })) {
            collector.start();
            Await.until("three measurements", Duration.ofSeconds(10), () -> probe.measured.get() >= 3);
        }
    }

    @Test
    void theHeartbeatCarriesEachMeasurementOnceAndNeverWaitsForTheProbe() throws Exception {
        CountingProbe probe = new CountingProbe();
        try (PatchStatusCollector collector = new PatchStatusCollector(probe, Duration.ofHours(6), Clock.systemUTC(), s -> { })) {
            collector.start();
            Await.until("the first measurement", Duration.ofSeconds(10), () -> collector.undelivered() != null);
            PatchStatus first = collector.undelivered();
            collector.delivered(first);
            assertThat(collector.undelivered()).as("delivered: not sent again").isNull();
            assertThat(collector.latest()).contains(first);

            probe.hold = new CountDownLatch(1); // the next measurement hangs, as a package manager can
            collector.refresh();
            long started = System.nanoTime();
            assertThat(collector.undelivered()).isNull();
            assertThat(collector.latest()).contains(first);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

            probe.hold.countDown();
            Await.until("the new measurement", Duration.ofSeconds(10), () -> collector.undelivered() != null);
            assertThat(collector.undelivered().pendingUpdates()).isEqualTo(2);
        }
    }

    @Test
    void aProbeThatThrowsGivesAStatusWithTheErrorNotSilence() throws Exception {
        PatchStatusProbe broken = new PatchStatusProbe() {
            @Override
            public OsFamily osFamily() {
                return OsFamily.WINDOWS;
            }

            @Override
            public PatchStatus measure() {
                throw new IllegalStateException("COM is broken");
            }
        };
        try (PatchStatusCollector collector = new PatchStatusCollector(broken, Duration.ofHours(6), Clock.systemUTC(), s -> { })) {
            collector.start();
            Await.until("a status", Duration.ofSeconds(10), () -> collector.latest().isPresent());
            PatchStatus status = collector.latest().orElseThrow();
            assertThat(status.error()).contains("IllegalStateException");
            assertThat(status.osFamily()).isEqualTo(OsFamily.WINDOWS);
        }
    }
}
