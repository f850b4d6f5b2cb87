package io.mamori.protocol.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.time.Instant;
import java.util.UUID;

/**
 * Measure the machine's patch level now and report it with the next heartbeat.
 *
 * @param commandId the command's id
 * @param issuedAt  when it was issued
 */
public record RefreshPatchStatus(
        @JsonProperty(required = true) UUID commandId,
        @JsonProperty(required = true) Instant issuedAt) implements Command {

    public static final String TYPE = "REFRESH_PATCH_STATUS";

    public RefreshPatchStatus {
        Fields.required(commandId, "commandId");
        Fields.required(issuedAt, "issuedAt");
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
