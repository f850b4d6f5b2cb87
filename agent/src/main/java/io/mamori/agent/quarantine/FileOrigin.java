package io.mamori.agent.quarantine;

import io.mamori.protocol.Fields;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventKind;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * What the agent knew about a file when it decided to take it off a removable volume: which
 * event wrote it, where it was, and what its content was when it was classified. The store keeps
 * this, encrypted, with the file; a release uses it to put the file back.
 *
 * @param eventId        the id of the FILE_WRITTEN event; the entry's key in the store
 * @param operationId    the copy operation the file belonged to, or {@code null}
 * @param device         the removable device it was written to
 * @param originalPath   where the file was, absolute (mount point included)
 * @param volumePath     where it was on the volume, relative to the volume's root with {@code /}
 *                       between names: where a release writes it back, wherever the device is
 *                       mounted then
 * @param expectedSha256 the content's SHA-256 when it was classified (lowercase hex), or {@code null}
 * @param writer         who wrote it, as far as the OS told (user name, user id), or {@code null}: a
 *                       release into a folder of theirs is written as them
 */
public record FileOrigin(
        UUID eventId,
        UUID operationId,
        DeviceIdentity device,
        Path originalPath,
        String volumePath,
        String expectedSha256,
        Actor writer) {

    /** An origin without a known writer. */
    public FileOrigin(UUID eventId, UUID operationId, DeviceIdentity device, Path originalPath, String volumePath,
            String expectedSha256) {
        this(eventId, operationId, device, originalPath, volumePath, expectedSha256, null);
    }

    public FileOrigin {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(originalPath, "originalPath");
        Objects.requireNonNull(volumePath, "volumePath");
        if (!originalPath.isAbsolute()) {
            throw new IllegalArgumentException("originalPath must be absolute, was " + originalPath);
        }
        requireRelative(volumePath);
        expectedSha256 = Fields.optionalSha256(expectedSha256, "expectedSha256");
    }

    /** The origin of the file a FILE_WRITTEN event recorded. */
    public static FileOrigin of(Event written) {
        if (written.kind() != EventKind.FILE_WRITTEN) {
            throw new IllegalArgumentException("only a FILE_WRITTEN event names a file to quarantine, not " + written.kind());
        }
        if (written.file().volumePath() == null) {
            throw new IllegalArgumentException("event " + written.eventId() + " has no volume path, so its file could not be put back");
        }
        return new FileOrigin(written.eventId(), written.operationId(), written.device(), Path.of(written.file().path()),
                written.file().volumePath(), written.file().sha256(), written.actor());
    }

    /**
     * A release resolves this against a mount point: it must not climb out of it, whatever a
     * damaged or hostile event said.
     */
    private static void requireRelative(String volumePath) {
        if (volumePath.isEmpty() || volumePath.startsWith("/") || volumePath.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("volumePath must be a relative path on the volume, was '" + volumePath + "'");
        }
        for (String name : volumePath.split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("volumePath must name a file below the volume's root without '.', '..' or"
                        + " empty names, was '" + volumePath + "'");
            }
        }
    }
}
