package io.mamori.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.patch.PatchStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** An OS without a probe still runs the agent; its measurements say why there is no patch level. */
class PlatformPatchProbeTest {

    @Test
    void anOsWithoutAProbeReportsThatAsItsError() {
        String real = System.getProperty("os.name");
        System.setProperty("os.name", "FreeBSD");
        try {
            Clock clock = Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC);
            PatchStatus status = Platform.patchStatusProbe(clock).measure();
            assertThat(status.error()).contains("no patch-status probe for FreeBSD");
            assertThat(status.collectedAt()).isEqualTo(clock.instant());
            assertThat(status.pendingUpdates()).isZero();
        } finally {
            System.setProperty("os.name", real);
        }
    }
}
