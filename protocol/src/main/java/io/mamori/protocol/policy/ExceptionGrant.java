package io.mamori.protocol.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.device.DeviceMatcher;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A time-limited exception an administrator granted: a DEVICE exception makes a device count as
 * approved; a FILE exception allows one content (by SHA-256), optionally only onto one device.
 *
 * @param id        stable id recorded in the decisions it made
 * @param scope     DEVICE or FILE
 * @param device    the device (required for DEVICE; narrows a FILE exception when given)
 * @param sha256    the file's content hash (FILE only)
 * @param expiresAt when the exception ends
 * @param reason    why it was granted
 * @param grantedBy the administrator who granted it
 */
public record ExceptionGrant(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) ExceptionScope scope,
        DeviceMatcher device,
        String sha256,
        @JsonProperty(required = true) Instant expiresAt,
        String reason,
        String grantedBy) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}");

    public ExceptionGrant {
        Fields.required(id, "id");
        Fields.matching(id, ID, "id", "1 to 64 letters, digits, '.', '_' or '-'");
        Fields.required(scope, "scope");
        sha256 = Fields.optionalSha256(sha256, "sha256");
        Fields.required(expiresAt, "expiresAt");
        Fields.optionalText(reason, "reason", 1000);
        Fields.optionalText(grantedBy, "grantedBy", 200);
        if (scope == ExceptionScope.DEVICE) {
            Fields.required(device, "device");
            if (sha256 != null) {
                throw new InvalidFieldException("sha256", "a DEVICE exception covers the whole device; leave sha256 out");
            }
        } else {
            Fields.required(sha256, "sha256");
        }
    }

    public boolean isActiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** True for an active DEVICE exception matching the device. */
    public boolean approvesDevice(DeviceIdentity identity, Instant now) {
        return scope == ExceptionScope.DEVICE && isActiveAt(now) && device.matches(identity);
    }

    /** True for an active FILE exception for this content on this device. */
    public boolean allowsFile(String contentSha256, DeviceIdentity identity, Instant now) {
        return scope == ExceptionScope.FILE && isActiveAt(now) && sha256.equals(contentSha256)
                && (device == null || device.matches(identity));
    }
}
