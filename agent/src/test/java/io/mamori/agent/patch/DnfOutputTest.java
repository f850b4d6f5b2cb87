package io.mamori.agent.patch;

import static io.mamori.agent.patch.Recorded.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DnfOutputTest {

    @Test
    void checkUpdateCountsPackagesIncludingWrappedOnesAndStopsAtObsoleting() throws Exception {
        assertThat(DnfOutput.checkUpdate(100, output("dnf-check-update-rhel9.txt"))).isEqualTo(new PendingUpdates(7, 0));
    }

    @Test
    void checkUpdateExitZeroIsNothingPending() throws Exception {
        assertThat(DnfOutput.checkUpdate(0, "")).isEqualTo(PendingUpdates.NONE);
    }

    @Test
    void checkUpdateFailureIsAnErrorNotNothingPending() {
        assertThatThrownBy(() -> DnfOutput.checkUpdate(1, output("dnf-check-update-error.txt")))
                .isInstanceOf(UnreadableOutputException.class).hasMessageContaining("exit 1").hasMessageContaining("no cache");
    }

    @Test
    void checkUpdateRefusesALineThatIsNotAPackage() {
        assertThatThrownBy(() -> DnfOutput.checkUpdate(100, output("dnf-check-update-malformed.txt")))
                .isInstanceOf(UnreadableOutputException.class).hasMessageContaining("Proxy");
        assertThatThrownBy(() -> DnfOutput.checkUpdate(100, "")).isInstanceOf(UnreadableOutputException.class);
    }

    @Test
    void securityAdvisoriesCountDistinctPackagesInDnf4AndDnf5Formats() throws Exception {
        assertThat(DnfOutput.securityPackages(output("dnf-updateinfo-security-rhel9.txt"))).isEqualTo(4);
        assertThat(DnfOutput.securityPackages(output("dnf5-updateinfo-security-fedora41.txt"))).isEqualTo(2);
        assertThat(DnfOutput.securityPackages(output("dnf-updateinfo-security-none.txt"))).isZero();
    }

    @Test
    void securityAdvisoriesRefuseAnErrorMessage() {
        assertThatThrownBy(() -> DnfOutput.securityPackages(output("dnf-updateinfo-malformed.txt")))
                .isInstanceOf(UnreadableOutputException.class).hasMessageContaining("repomd.xml");
    }

    @Test
    void securityUpdatesAreNeverMoreThanUpdates() {
        assertThat(DnfOutput.combined(new PendingUpdates(7, 0), 4)).isEqualTo(new PendingUpdates(7, 4));
        assertThat(DnfOutput.combined(new PendingUpdates(1, 0), 3)).isEqualTo(new PendingUpdates(3, 3));
    }

    @Test
    void needsRestartingReadsItsExitCode() throws Exception {
        assertThat(DnfOutput.restartNeeded(1, output("needs-restarting-r-required.txt"))).isTrue();
        assertThat(DnfOutput.restartNeeded(0, output("needs-restarting-r-not-required.txt"))).isFalse();
    }

    @Test
    void needsRestartingFailureIsNotARestart() {
        assertThatThrownBy(() -> DnfOutput.restartNeeded(1, output("needs-restarting-r-error.txt")))
                .isInstanceOf(UnreadableOutputException.class).hasMessageContaining("superuser");
        assertThatThrownBy(() -> DnfOutput.restartNeeded(2, "")).isInstanceOf(UnreadableOutputException.class);
    }
}
