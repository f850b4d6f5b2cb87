package io.mamori.protocol.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;

/**
 * The file an event is about.
 *
 * @param path       the path at the time of the event, as the user saw it
 * @param volumePath the path relative to the device's root, used to put a released file back
 * @param size       size in bytes
 * @param sha256     content hash, lowercase hex (absent when the file vanished before it was read)
 */
public record FileRef(
        @JsonProperty(required = true) String path,
        String volumePath,
        long size,
        String sha256) {

    public FileRef {
        Fields.requiredText(path, "path", 4096);
        Fields.optionalText(volumePath, "volumePath", 4096);
        Fields.nonNegative(size, "size");
        sha256 = Fields.optionalSha256(sha256, "sha256");
    }
}
