package io.mamori.protocol.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.time.Instant;
import java.util.UUID;

/**
 * Destroy a quarantined file for good (a reviewer denied the copy).
 *
 * @param commandId the command's id
 * @param issuedAt  when it was issued
 * @param eventId   the FILE_WRITTEN event that quarantined the file
 * @param sha256    the quarantined content's hash
 */
public record PurgeFile(
        @JsonProperty(required = true) UUID commandId,
        @JsonProperty(required = true) Instant issuedAt,
        @JsonProperty(required = true) UUID eventId,
        @JsonProperty(required = true) String sha256) implements Command {

    public static final String TYPE = "PURGE_FILE";

    public PurgeFile {
        Fields.required(commandId, "commandId");
        Fields.required(issuedAt, "issuedAt");
        Fields.required(eventId, "eventId");
        sha256 = Fields.sha256(sha256, "sha256");
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
