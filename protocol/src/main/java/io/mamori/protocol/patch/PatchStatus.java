package io.mamori.protocol.patch;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import java.time.Instant;

/**
 * A machine's patch level as its agent last measured it.
 *
 * @param collectedAt            when the probe ran
 * @param osFamily               the operating system
 * @param osBuild                OS version or build (e.g. {@code 12.12}, {@code 10.0.22631.4460})
 * @param pendingUpdates         updates available and not installed
 * @param pendingSecurityUpdates how many of those are security updates
 * @param lastSecurityUpdateAt   when a security update was last installed, if known
 * @param rebootRequired         whether an installed update waits for a restart
 * @param rebootRequiredSince    since when, if known
 * @param kernelRunning          the running kernel (Linux)
 * @param kernelInstalled        the newest installed kernel (Linux)
 * @param source                 which probe produced this (e.g. {@code apt}, {@code dnf}, {@code wua})
 * @param error                  why the probe could not complete, if it could not
 */
public record PatchStatus(
        @JsonProperty(required = true) Instant collectedAt,
        @JsonProperty(required = true) OsFamily osFamily,
        String osBuild,
        int pendingUpdates,
        int pendingSecurityUpdates,
        Instant lastSecurityUpdateAt,
        boolean rebootRequired,
        Instant rebootRequiredSince,
        String kernelRunning,
        String kernelInstalled,
        String source,
        String error) {

    public PatchStatus {
        Fields.required(collectedAt, "collectedAt");
        Fields.required(osFamily, "osFamily");
        Fields.optionalText(osBuild, "osBuild", 128);
        Fields.nonNegative(pendingUpdates, "pendingUpdates");
        Fields.nonNegative(pendingSecurityUpdates, "pendingSecurityUpdates");
        if (pendingSecurityUpdates > pendingUpdates) {
            throw new InvalidFieldException("pendingSecurityUpdates",
                    "cannot exceed pendingUpdates (" + pendingUpdates + ")");
        }
        Fields.optionalText(kernelRunning, "kernelRunning", 128);
        Fields.optionalText(kernelInstalled, "kernelInstalled", 128);
        Fields.optionalText(source, "source", 64);
        Fields.optionalText(error, "error", 1000);
    }
}
