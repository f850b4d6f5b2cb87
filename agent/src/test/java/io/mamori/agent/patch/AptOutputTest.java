package io.mamori.agent.patch;

import static io.mamori.agent.patch.Recorded.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AptOutputTest {

    @Test
    void simulatedUpgradeCountsEveryInstallAndThoseFromASecurityArchive() throws Exception {
        // 7 upgrades + a new kernel package; libssl3, openssl, both kernel packages and tzdata come from bookworm-security
        assertThat(AptOutput.simulatedUpgrade(output("apt-get-s-dist-upgrade-debian12.txt")))
                .isEqualTo(new PendingUpdates(8, 5));
    }

    @Test
    void simulatedUpgradeReadsUbuntuSecurityPockets() throws Exception {
        assertThat(AptOutput.simulatedUpgrade(output("apt-get-s-dist-upgrade-ubuntu2204.txt")))
                .isEqualTo(new PendingUpdates(3, 2));
    }

    @Test
    void simulatedUpgradeOfAnUpToDateMachineIsNothingPending() throws Exception {
        assertThat(AptOutput.simulatedUpgrade(output("apt-get-s-dist-upgrade-up-to-date.txt"))).isEqualTo(PendingUpdates.NONE);
    }

    @Test
    void simulatedUpgradeRefusesAnErrorInsteadOfSayingNothingIsPending() {
        assertThatThrownBy(() -> AptOutput.simulatedUpgrade(output("apt-get-s-locked-lists-error.txt")))
                .isInstanceOf(UnreadableOutputException.class).hasMessageContaining("Permission denied");
    }

    @Test
    void simulatedUpgradeRefusesOutputCutShortBeforeItsSummary() {
        assertThatThrownBy(() -> AptOutput.simulatedUpgrade(output("apt-get-s-cut-short.txt")))
                .isInstanceOf(UnreadableOutputException.class).hasMessageContaining("no summary");
    }

    @Test
    void simulatedUpgradeRefusesEmptyOutput() {
        assertThatThrownBy(() -> AptOutput.simulatedUpgrade("")).isInstanceOf(UnreadableOutputException.class);
        assertThatThrownBy(() -> AptOutput.simulatedUpgrade(null)).isInstanceOf(UnreadableOutputException.class);
    }

    @Test
    void upgradableListCountsPackagesAndSecuritySuites() throws Exception {
        assertThat(AptOutput.upgradableList(output("apt-list-upgradable-debian12.txt"))).isEqualTo(new PendingUpdates(4, 3));
    }

    @Test
    void upgradableListMayBeEmpty() throws Exception {
        assertThat(AptOutput.upgradableList(output("apt-list-upgradable-empty.txt"))).isEqualTo(PendingUpdates.NONE);
    }

    @Test
    void upgradableListRefusesALineItDoesNotKnow() {
        assertThatThrownBy(() -> AptOutput.upgradableList(output("apt-list-upgradable-malformed.txt")))
                .isInstanceOf(UnreadableOutputException.class).hasMessageContaining("libssl3 is upgradable");
    }

    @Test
    void aptCheckGivesUpdatesAndSecurityUpdates() throws Exception {
        assertThat(AptOutput.aptCheck(output("apt-check-ubuntu.txt"))).isEqualTo(new PendingUpdates(23, 7));
        assertThat(AptOutput.aptCheck(output("apt-check-none.txt"))).isEqualTo(PendingUpdates.NONE);
    }

    @Test
    void aptCheckRefusesATracebackAndImpossibleCounts() {
        assertThatThrownBy(() -> AptOutput.aptCheck(output("apt-check-error.txt"))).isInstanceOf(UnreadableOutputException.class)
                .hasMessageContaining("Traceback");
        assertThatThrownBy(() -> AptOutput.aptCheck(output("apt-check-impossible.txt")))
                .isInstanceOf(UnreadableOutputException.class).hasMessageContaining("more security updates");
        assertThatThrownBy(() -> AptOutput.aptCheck("99999999999;1")).isInstanceOf(UnreadableOutputException.class);
    }
}
