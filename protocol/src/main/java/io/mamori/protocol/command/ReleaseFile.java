package io.mamori.protocol.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;
import io.mamori.protocol.policy.ReleaseFolders;
import java.time.Instant;
import java.util.UUID;

/**
 * Write a quarantined file back: to the device and path it was copied to (when that device is
 * mounted again), or, when {@code destination} is given, into that folder of the home of the
 * employee who copied it, written as the employee ({@link ReleaseFolders}). The agent checks the
 * content against {@code sha256} before and after.
 *
 * @param commandId   the command's id
 * @param issuedAt    when it was issued
 * @param eventId     the FILE_WRITTEN event that quarantined the file
 * @param sha256      the quarantined content's hash
 * @param destination a folder relative to the employee's home ({@code Desktop}) to release into
 *                    instead of the device, or {@code null}
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
        if (destination != null) {
            ReleaseFolders.check(destination, "destination");
        }
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
