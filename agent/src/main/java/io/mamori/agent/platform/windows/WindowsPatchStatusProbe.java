package io.mamori.agent.platform.windows;

import io.mamori.agent.patch.AbstractPatchStatusProbe;
import io.mamori.agent.patch.PatchStatusBuilder;
import io.mamori.agent.patch.UnreadableOutputException;
import io.mamori.agent.patch.WindowsUpdateReport;
import io.mamori.agent.platform.common.Programs;
import io.mamori.protocol.patch.OsFamily;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The patch level of a Windows machine from the Windows Update Agent (COM
 * {@code Microsoft.Update.Session}, an offline search of what the machine already knows), through
 * {@code windows-update.ps1} run by Windows PowerShell, time-boxed. The script is passed as
 * {@code -EncodedCommand} from the agent's own jar, so no script file on disk can be swapped. Not
 * run on this build's test machine (Linux): its parser is tested against recorded outputs.
 */
final class WindowsPatchStatusProbe extends AbstractPatchStatusProbe {

    private static final Duration LIMIT = Duration.ofMinutes(5);

    WindowsPatchStatusProbe(Clock clock) {
        super(OsFamily.WINDOWS, "wua", clock);
    }

    @Override
    protected void read(PatchStatusBuilder status) throws IOException, UnreadableOutputException {
        String systemRoot = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
        String powershell = Path.of(systemRoot, "System32", "WindowsPowerShell", "v1.0", "powershell.exe").toString();
        Programs.Finished finished = Programs.finish(List.of(powershell, "-NoProfile", "-NonInteractive", "-ExecutionPolicy",
                "Bypass", "-EncodedCommand", encodedScript()), Map.of("SystemRoot", systemRoot), LIMIT);
        WindowsUpdateReport report = WindowsUpdateReport.parse(finished.output());
        status.osBuild(report.osBuild()).pending(report.pending()).rebootRequired(report.rebootRequired(), null);
    }

    /** The script in PowerShell's {@code -EncodedCommand} form: Base64 of its UTF-16LE text. */
    static String encodedScript() {
        try (InputStream in = WindowsUpdateReport.class.getResourceAsStream("windows-update.ps1")) {
            if (in == null) {
                throw new IllegalStateException("windows-update.ps1 is missing from the agent's jar");
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
