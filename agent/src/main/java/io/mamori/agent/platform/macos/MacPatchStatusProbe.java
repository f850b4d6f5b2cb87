package io.mamori.agent.platform.macos;

import io.mamori.agent.patch.AbstractPatchStatusProbe;
import io.mamori.agent.patch.PatchStatusBuilder;
import io.mamori.agent.patch.SoftwareUpdateOutput;
import io.mamori.agent.patch.UnreadableOutputException;
import io.mamori.agent.platform.common.Programs;
import io.mamori.protocol.patch.OsFamily;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The patch level of a Mac: the version from {@code sw_vers}, pending updates from
 * {@code softwareupdate --list}, which asks Apple's servers and can hang — so it is cut off after
 * two minutes and the status then says so. macOS does not say whether installed updates wait for
 * a restart (an update that needs one installs during it), so that is reported as false. Not run
 * on this build's test machine (Linux): its parsers are tested against recorded outputs.
 */
final class MacPatchStatusProbe extends AbstractPatchStatusProbe {

    private static final Duration SW_VERS_LIMIT = Duration.ofSeconds(10);
    private static final Duration SOFTWAREUPDATE_LIMIT = Duration.ofMinutes(2);
    private static final Map<String, String> ENVIRONMENT = Map.of("LC_ALL", "C", "LANG", "C", "PATH", "/usr/bin:/bin:/usr/sbin:/sbin");

    MacPatchStatusProbe(Clock clock) {
        super(OsFamily.MACOS, "softwareupdate", clock);
    }

    @Override
    protected void read(PatchStatusBuilder status) throws IOException, UnreadableOutputException {
        status.osBuild(SoftwareUpdateOutput.productVersion(Programs.run(List.of("/usr/bin/sw_vers"), ENVIRONMENT, SW_VERS_LIMIT)));
        Programs.Finished list = Programs.finish(List.of("/usr/sbin/softwareupdate", "--list"), ENVIRONMENT, SOFTWAREUPDATE_LIMIT);
        status.pending(SoftwareUpdateOutput.list(list.output()));
    }
}
