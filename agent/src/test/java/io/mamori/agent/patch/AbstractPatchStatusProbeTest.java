package io.mamori.agent.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What every OS's probe shares: a failure is a status with its reason and what was learnt before it, never an exception. */
class AbstractPatchStatusProbeTest {

    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aProgramThatFailsKeepsWhatWasLearntBeforeAndDropsThePendingCounts() {
        PatchStatus status = new AbstractPatchStatusProbe(OsFamily.MACOS, "softwareupdate", CLOCK) {
            @Override
            protected void read(PatchStatusBuilder builder) throws IOException {
                builder.osBuild("15.1.1").pending(new PendingUpdates(3, 1));
                throw new IOException("softwareupdate did not answer within 120 s");
            }
        }.measure();

        assertThat(status.collectedAt()).isEqualTo(NOW);
        assertThat(status.osFamily()).isEqualTo(OsFamily.MACOS);
        assertThat(status.source()).isEqualTo("softwareupdate");
        assertThat(status.osBuild()).isEqualTo("15.1.1");
        assertThat(status.pendingUpdates()).isZero();
        assertThat(status.error()).isEqualTo("softwareupdate did not answer within 120 s");
    }

    @Test
    void anOutputThatCannotBeReadIsTheStatusError() {
        PatchStatus status = new AbstractPatchStatusProbe(OsFamily.WINDOWS, "wua", CLOCK) {
            @Override
            protected void read(PatchStatusBuilder builder) throws UnreadableOutputException {
                throw new UnreadableOutputException("windows-update.ps1", "printed no JSON", "Access is denied.");
            }
        }.measure();

        assertThat(status.error()).contains("windows-update.ps1").contains("printed no JSON");
        assertThat(status.osBuild()).isNull();
    }

    @Test
    void textsLongerThanTheProtocolAllowsAreCutNotRefused() {
        PatchStatus status = new AbstractPatchStatusProbe(OsFamily.LINUX, null, CLOCK) {
            @Override
            protected void read(PatchStatusBuilder builder) {
                builder.source("apt").osBuild("9".repeat(300)).kernels("6.1.0-" + "x".repeat(200), null)
                        .rebootRequired(false, NOW).failed("E: ".repeat(600));
            }
        }.measure();

        assertThat(status.osBuild()).hasSize(128);
        assertThat(status.kernelRunning()).hasSize(128);
        assertThat(status.error()).hasSize(1000);
        assertThat(status.rebootRequiredSince()).as("a time is kept only when a restart is due").isNull();
    }
}
