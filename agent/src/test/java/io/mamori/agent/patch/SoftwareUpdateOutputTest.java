package io.mamori.agent.patch;

import static io.mamori.agent.patch.Recorded.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SoftwareUpdateOutputTest {

    @Test
    void listCountsUpdatesAndTakesOsUpdatesForSecurityUpdates() throws Exception {
        assertThat(SoftwareUpdateOutput.list(output("softwareupdate-list-sonoma.txt"))).isEqualTo(new PendingUpdates(3, 1));
    }

    @Test
    void listReadsTheFormatBeforeBigSur() throws Exception {
        assertThat(SoftwareUpdateOutput.list(output("softwareupdate-list-catalina.txt"))).isEqualTo(new PendingUpdates(2, 1));
    }

    @Test
    void nothingAvailable() throws Exception {
        assertThat(SoftwareUpdateOutput.list(output("softwareupdate-list-none.txt"))).isEqualTo(PendingUpdates.NONE);
    }

    @Test
    void outputCutShortByTheTimeLimitOrANetworkErrorIsUnknown() {
        assertThatThrownBy(() -> SoftwareUpdateOutput.list(output("softwareupdate-list-cut-short.txt")))
                .isInstanceOf(UnreadableOutputException.class);
        assertThatThrownBy(() -> SoftwareUpdateOutput.list(output("softwareupdate-list-network-error.txt")))
                .isInstanceOf(UnreadableOutputException.class);
        assertThatThrownBy(() -> SoftwareUpdateOutput.list("")).isInstanceOf(UnreadableOutputException.class);
    }

    @Test
    void swVersGivesTheProductVersion() throws Exception {
        assertThat(SoftwareUpdateOutput.productVersion(output("sw_vers-sonoma.txt"))).isEqualTo("14.7.1");
        assertThat(SoftwareUpdateOutput.productVersion(output("sw_vers-catalina.txt"))).isEqualTo("10.15.7");
        assertThatThrownBy(() -> SoftwareUpdateOutput.productVersion(output("sw_vers-error.txt")))
                .isInstanceOf(UnreadableOutputException.class);
        assertThatThrownBy(() -> SoftwareUpdateOutput.productVersion(null)).isInstanceOf(UnreadableOutputException.class);
    }
}
