package io.mamori.protocol.patch;

import io.mamori.protocol.Fields;
import java.util.Map;

/**
 * The patch levels policy requires. Any threshold left {@code null} is not checked.
 *
 * @param maxDaysSinceSecurityUpdate the longest a machine may go without a security update
 * @param maxPendingSecurityUpdates  how many security updates may wait uninstalled
 * @param minimumOsBuild             per OS, the oldest acceptable version or build
 * @param maxRebootPendingDays       how long an update may wait for a restart
 */
public record PatchThresholds(
        Integer maxDaysSinceSecurityUpdate,
        Integer maxPendingSecurityUpdates,
        Map<OsFamily, String> minimumOsBuild,
        Integer maxRebootPendingDays) {

    public PatchThresholds {
        Fields.optionalAtLeast(maxDaysSinceSecurityUpdate, 0, "maxDaysSinceSecurityUpdate");
        Fields.optionalAtLeast(maxPendingSecurityUpdates, 0, "maxPendingSecurityUpdates");
        minimumOsBuild = Fields.map(minimumOsBuild, "minimumOsBuild", OsFamily.values().length);
        minimumOsBuild.forEach((os, build) -> Fields.requiredText(build, "minimumOsBuild." + os, 128));
        Fields.optionalAtLeast(maxRebootPendingDays, 0, "maxRebootPendingDays");
    }

    /** No requirement at all. */
    public static PatchThresholds none() {
        return new PatchThresholds(null, null, Map.of(), null);
    }
}
