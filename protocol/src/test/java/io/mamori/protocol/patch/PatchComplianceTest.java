package io.mamori.protocol.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.patch.PatchCompliance.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The patch rules agents and the console share. */
class PatchComplianceTest {

    private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");
    private static final PatchThresholds LIMITS = new PatchThresholds(30, 2, Map.of(OsFamily.WINDOWS, "10.0.22631.4000"), 7);

    private static PatchStatus windows(String build, int security, Instant lastSecurity, boolean reboot, Instant since) {
        return new PatchStatus(NOW, OsFamily.WINDOWS, build, security, security, lastSecurity, reboot, since, null, null, "wua", null);
    }

    @Test
    void aPatchedMachineIsCompliant() {
        assertThat(PatchCompliance.evaluate(windows("10.0.22631.4460", 0, NOW.minus(Duration.ofDays(3)), false, null), LIMITS, NOW)
                .verdict()).isEqualTo(Verdict.COMPLIANT);
    }

    @Test
    void eachThresholdExceededMakesItNonCompliantWithItsReason() {
        assertThat(PatchCompliance.evaluate(windows("10.0.22631.4460", 3, null, false, null), LIMITS, NOW).reasons())
                .extracting(PatchCompliance.Reason::key).contains("patch.reason.pendingSecurity");
        assertThat(PatchCompliance.evaluate(windows("10.0.22631.4460", 0, NOW.minus(Duration.ofDays(40)), false, null), LIMITS,
                NOW).verdict()).isEqualTo(Verdict.NON_COMPLIANT);
        assertThat(PatchCompliance.evaluate(windows("10.0.19045.5131", 0, null, false, null), LIMITS, NOW).reasons())
                .extracting(PatchCompliance.Reason::key).containsExactly("patch.reason.osBuild");
        assertThat(PatchCompliance.evaluate(windows("10.0.22631.4460", 0, null, true, NOW.minus(Duration.ofDays(8))), LIMITS, NOW)
                .reasons()).extracting(PatchCompliance.Reason::key).containsExactly("patch.reason.rebootPending");
    }

    @Test
    void aProbeErrorOrNoReportIsUnknownNeverCompliant() {
        PatchStatus failed = new PatchStatus(NOW, OsFamily.LINUX, null, 0, 0, null, false, null, null, null, "apt", "apt-get failed");
        assertThat(PatchCompliance.evaluate(failed, LIMITS, NOW).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(PatchCompliance.evaluate(null, LIMITS, NOW).verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void buildsCompareByTheirNumbers() {
        assertThat(PatchCompliance.compareBuilds("10.0.22631.4317", "10.0.19045")).isPositive();
        assertThat(PatchCompliance.compareBuilds("12.11", "12.5")).isPositive();
        assertThat(PatchCompliance.compareBuilds("6.1.0-26-amd64", "6.1.0-28-amd64")).isNegative();
        assertThat(PatchCompliance.compareBuilds("14.6", "14.6.0")).isZero();
    }
}
