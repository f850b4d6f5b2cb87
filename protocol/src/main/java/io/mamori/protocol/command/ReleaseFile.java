package io.mamori.protocol.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import java.time.Instant;
import java.util.UUID;

/**
 * Write a quarantined file back: to the device and path it was copied to (when that device is
 * mounted again), or to a folder of the user's when {@code destination} is given. The agent
 * checks the content against {@code sha256} before and after.
 *
 * @param commandId   the command's id
 * @param issuedAt    when it was issued
 * @param eventId     the FILE_WRITTEN event that quarantined the file
 * @param sha256      the quarantined content's hash
 * @param destination a local folder to release into instead of the device, or {@code null}
 */
public record ReleaseFile(
        @JsonProperty(required = true) UUID commandId,
        @JsonProperty(required = true) Instant issuedAt,
        @JsonProperty(required = true) UUID eventId,
        @JsonProperty(required = true) String sha256,
        String destination) implements Command {

    public static final String TYPE = "RELEASE_FILE";

    public ReleaseFile {
        Fields.required(commandId, "commandId");
        Fields.required(issuedAt, "issuedAt");
        Fields.required(eventId, "eventId");
        sha256 = Fields.sha256(sha256, "sha256");
        Fields.optionalText(destination, "destination", 4096);
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
