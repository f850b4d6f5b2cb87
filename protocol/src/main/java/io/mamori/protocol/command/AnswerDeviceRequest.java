package io.mamori.protocol.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import java.time.Instant;
import java.util.UUID;

/**
 * Tell the employee the answer to their device request (issue 23). An approval comes with its
 * {@code GRANT_EXCEPTION}, which makes the device writable; this command only tells them.
 *
 * @param commandId the command's id
 * @param issuedAt  when it was issued
 * @param requestId the request answered
 * @param approved  whether it was approved
 * @param until     when the approval ends (approved only)
 * @param comment   the reviewer's words (at most 2000 characters)
 */
public record AnswerDeviceRequest(
        @JsonProperty(required = true) UUID commandId,
        @JsonProperty(required = true) Instant issuedAt,
        @JsonProperty(required = true) UUID requestId,
        @JsonProperty(required = true) boolean approved,
        Instant until,
        String comment) implements Command {

    public static final String TYPE = "ANSWER_DEVICE_REQUEST";

    public AnswerDeviceRequest {
        Fields.required(commandId, "commandId");
        Fields.required(issuedAt, "issuedAt");
        Fields.required(requestId, "requestId");
        if (approved && until == null) {
            throw new InvalidFieldException("until", "is required for an approval");
        }
        Fields.optionalText(comment, "comment", 2000);
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
