package io.mamori.agent.patch;

import static io.mamori.agent.patch.Recorded.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowsUpdateReportTest {

    @Test
    void pendingUpdatesAreCountedByClassificationAndSecurity() throws Exception {
        WindowsUpdateReport report = WindowsUpdateReport.parse(output("wua-windows11-pending.json"));
        assertThat(report.osBuild()).isEqualTo("10.0.22631.4317");
        assertThat(report.pending()).isEqualTo(new PendingUpdates(5, 2));
        assertThat(report.byClassification()).isEqualTo(Map.of("Security Updates", 2, "Definition Updates", 1,
                "Update Rollups", 1, "Drivers", 1));
        assertThat(report.rebootRequired()).isTrue();
        assertThat(report.lastInstallAt()).isEqualTo(Instant.parse("2026-10-09T02:14:33Z"));
    }

    @Test
    void anUpToDateMachine() throws Exception {
        WindowsUpdateReport report = WindowsUpdateReport.parse(output("wua-windows10-up-to-date.json"));
        assertThat(report.pending()).isEqualTo(PendingUpdates.NONE);
        assertThat(report.rebootRequired()).isFalse();
        assertThat(report.osBuild()).isEqualTo("10.0.19045.5131");
    }

    @Test
    void theAgentsErrorIsReportedNotTakenForNothingPending() {
        assertThatThrownBy(() -> WindowsUpdateReport.parse(output("wua-error-service-disabled.json")))
                .isInstanceOf(UnreadableOutputException.class).hasMessageContaining("0x80240017");
    }

    @Test
    void emptyTruncatedWrongTypesAndNonJsonAreRefused() {
        for (String name : new String[] {"wua-empty.json", "wua-malformed-truncated.json", "wua-wrong-types.json",
                "wua-powershell-error.txt"}) {
            assertThatThrownBy(() -> WindowsUpdateReport.parse(output(name))).as(name).isInstanceOf(UnreadableOutputException.class);
        }
        assertThatThrownBy(() -> WindowsUpdateReport.parse("[1,2]")).isInstanceOf(UnreadableOutputException.class);
        assertThatThrownBy(() -> WindowsUpdateReport.parse("{\"schema\":2}")).isInstanceOf(UnreadableOutputException.class)
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> WindowsUpdateReport.parse("{\"schema\":1,\"osBuild\":\"10.0.1\",\"rebootRequired\":false,"
                + "\"lastSuccessfulInstallAt\":\"last tuesday\",\"updates\":[]}")).isInstanceOf(UnreadableOutputException.class);
        assertThatThrownBy(() -> WindowsUpdateReport.parse("[".repeat(5000))).isInstanceOf(UnreadableOutputException.class);
    }

    @Test
    void theScriptThatPrintsTheReportIsShippedWithTheAgent() throws Exception {
        try (var script = WindowsUpdateReport.class.getResourceAsStream("windows-update.ps1")) {
            assertThat(script).isNotNull();
            String text = new String(script.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).contains("Microsoft.Update.Session", "$searcher.Online = $false", "RebootRequired", "schema = 1");
        }
    }
}
