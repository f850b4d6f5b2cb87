package io.mamori.protocol.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.policy.ExceptionGrant;
import java.time.Instant;
import java.util.UUID;

/**
 * Start honouring a time-limited exception on this agent.
 *
 * @param commandId the command's id
 * @param issuedAt  when it was issued
 * @param grant     the exception
 */
public record GrantException(
        @JsonProperty(required = true) UUID commandId,
        @JsonProperty(required = true) Instant issuedAt,
        @JsonProperty(required = true) ExceptionGrant grant) implements Command {

    public static final String TYPE = "GRANT_EXCEPTION";

    public GrantException {
        Fields.required(commandId, "commandId");
        Fields.required(issuedAt, "issuedAt");
        Fields.required(grant, "grant");
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
