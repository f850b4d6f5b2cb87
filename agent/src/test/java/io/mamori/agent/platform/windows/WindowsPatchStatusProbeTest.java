package io.mamori.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What can be checked of the Windows probe off Windows: the script it hands PowerShell. */
class WindowsPatchStatusProbeTest {

    @Test
    void theScriptGoesToPowerShellWholeAsUtf16Base64WithinTheCommandLineLimit() {
        String encoded = WindowsPatchStatusProbe.encodedScript();
        String script = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_16LE);
        assertThat(script).contains("New-Object -ComObject 'Microsoft.Update.Session'", "ConvertTo-Json")
                .endsWith("ConvertTo-Json -Depth 4 -Compress\n");
        assertThat(encoded.length()).as("CreateProcess takes at most 32,767 characters").isLessThan(30_000);
    }
}
