package io.mamori.protocol.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.EventIds;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An employee's request to use a removable device that policy restricts (issue 23), made at the
 * desktop, recorded in the agent's operation log and sent to the console
 * ({@code POST /api/v1/agents/{id}/device-requests}), where reviewers approve it for a period or
 * deny it; the answer comes back as {@code ANSWER_DEVICE_REQUEST}.
 *
 * @param requestId   time-ordered id made on the agent; the console takes a request once
 * @param device      the device as the agent identified it when it was mounted
 * @param user        who asks (their login name on the machine)
 * @param hours       for how long: 1 hour to {@value #MAX_HOURS} hours (30 days)
 * @param reasonId    one of the policy's reasons ({@code overrideReasons})
 * @param reasonText  their own words (at most {@value #MAX_TEXT} characters)
 * @param requestedAt when they asked
 */
public record DeviceRequest(
        @JsonProperty(required = true) UUID requestId,
        @JsonProperty(required = true) DeviceIdentity device,
        @JsonProperty(required = true) String user,
        @JsonProperty(required = true) int hours,
        @JsonProperty(required = true) String reasonId,
        String reasonText,
        @JsonProperty(required = true) Instant requestedAt) {

    public static final int MAX_HOURS = 30 * 24;
    public static final int MAX_TEXT = 500;
    private static final Pattern REASON_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}");

    public DeviceRequest {
        Fields.required(requestId, "requestId");
        if (!EventIds.isTimeOrdered(requestId)) {
            throw new InvalidFieldException("requestId", "must be a time-ordered UUID (version 7)");
        }
        Fields.required(device, "device");
        Fields.requiredText(user, "user", 255);
        if (hours < 1 || hours > MAX_HOURS) {
            throw new InvalidFieldException("hours", "must be between 1 and " + MAX_HOURS + " (30 days)");
        }
        Fields.required(reasonId, "reasonId");
        Fields.matching(reasonId, REASON_ID, "reasonId", "one of the policy's reason ids");
        Fields.optionalText(reasonText, "reasonText", MAX_TEXT);
        Fields.required(requestedAt, "requestedAt");
    }
}
