package io.mamori.agent.quarantine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * A file held in the quarantine store.
 *
 * @param origin        what the agent knew about it when it took it
 * @param quarantinedAt when the store took it (the store's clock)
 * @param sha256        the SHA-256 of the content the store holds (lowercase hex): what was read
 *                      off the volume, which a release writes back and checks
 * @param size          the content's size in bytes
 * @param location      the encrypted store file
 */
public record QuarantinedFile(FileOrigin origin, Instant quarantinedAt, String sha256, long size, Path location) {

    public UUID eventId() {
        return origin.eventId();
    }

    /**
     * Whether the content differs from what was classified: the file was changed between the
     * decision and the move, so the decision was made on other content.
     */
    public boolean changedSinceClassified() {
        return origin.expectedSha256() != null && !origin.expectedSha256().equals(sha256);
    }
}
