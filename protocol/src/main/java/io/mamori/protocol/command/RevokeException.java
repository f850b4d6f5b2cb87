package io.mamori.protocol.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.time.Instant;
import java.util.UUID;

/**
 * Stop honouring an exception before it expires.
 *
 * @param commandId   the command's id
 * @param issuedAt    when it was issued
 * @param exceptionId the exception's id
 */
public record RevokeException(
        @JsonProperty(required = true) UUID commandId,
        @JsonProperty(required = true) Instant issuedAt,
        @JsonProperty(required = true) String exceptionId) implements Command {

    public static final String TYPE = "REVOKE_EXCEPTION";

    public RevokeException {
        Fields.required(commandId, "commandId");
        Fields.required(issuedAt, "issuedAt");
        Fields.requiredText(exceptionId, "exceptionId", 64);
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
