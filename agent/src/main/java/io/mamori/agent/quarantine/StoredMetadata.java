package io.mamori.agent.quarantine;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Actor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * The metadata block of a store file, as JSON (encrypted with the content; file names are
 * personal data). Besides the origin it keeps the file's own attributes, so that a release puts
 * back the owner, mode and modification time the user had.
 *
 * @param eventId        see {@link FileOrigin}
 * @param operationId    see {@link FileOrigin}
 * @param device         see {@link FileOrigin}
 * @param originalPath   see {@link FileOrigin}
 * @param volumePath     see {@link FileOrigin}
 * @param expectedSha256 see {@link FileOrigin}
 * @param quarantinedAt  when the store took the file
 * @param modifiedAt     the file's modification time on the volume
 * @param permissions    its POSIX mode such as {@code rw-r--r--}, or {@code null} where it had none
 * @param owner          its owner's name, or {@code null}
 * @param group          its group's name, or {@code null}
 * @param writerUser     the name of the person who wrote it, when known (absent in files of earlier versions)
 * @param writerUid      their user id, when known
 */
record StoredMetadata(
        @JsonProperty(required = true) UUID eventId,
        UUID operationId,
        @JsonProperty(required = true) DeviceIdentity device,
        @JsonProperty(required = true) String originalPath,
        @JsonProperty(required = true) String volumePath,
        String expectedSha256,
        @JsonProperty(required = true) Instant quarantinedAt,
        Instant modifiedAt,
        String permissions,
        String owner,
        String group,
        String writerUser,
        Long writerUid) {

    FileOrigin origin() {
        return new FileOrigin(eventId, operationId, device, Path.of(originalPath), volumePath, expectedSha256,
                writerUser == null && writerUid == null ? null : new Actor(writerUser, writerUid, null, null));
    }
}
