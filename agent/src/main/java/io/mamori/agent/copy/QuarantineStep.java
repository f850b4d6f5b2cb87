package io.mamori.agent.copy;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.quarantine.FileOrigin;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.quarantine.QuarantinedFile;
import io.mamori.classifier.Classification;
import io.mamori.classifier.inspect.Inspector;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.policy.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a file off the device into the encrypted quarantine store, as soon as it is decided
 * {@code BLOCK} or {@code WARN_OVERRIDE}. What goes wrong is recorded here: the file gone meanwhile,
 * or the store failing (the file's record is then made with its decision, and the failure beside it).
 */
final class QuarantineStep {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineStep.class);

    /** How a move into quarantine ended. */
    sealed interface Outcome permits Stored, Gone, Failed {
    }

    /** In the store. */
    record Stored(QuarantinedFile file) implements Outcome {
    }

    /** The file was gone before it could be moved (recorded). */
    record Gone() implements Outcome {
    }

    /** The store could not take it (recorded, with the file's record); the file is still on the device. */
    record Failed() implements Outcome {
    }

    private final Supplier<QuarantineStore> quarantine;
    private final Inspector inspector;
    private final Path scratch;
    private final CopyEvents events;
    private final MountedVolumes volumes;

    /** @param scratch the agent's owner-only folder for a quarantined file's inspection copy */
    QuarantineStep(Supplier<QuarantineStore> quarantine, Inspector inspector, Path scratch, CopyEvents events, MountedVolumes volumes) {
        this.quarantine = quarantine;
        this.inspector = inspector;
        this.scratch = scratch;
        this.events = events;
        this.volumes = volumes;
    }

    Outcome put(FileActivity.FileWritten written, UUID eventId, UUID operationId, String sha256, Decision decision,
            ClassificationSummary summary) {
        Path path = written.path();
        try {
            String onVolume = CopyEvents.volumePath(written);
            if (onVolume == null) {
                throw new IOException(path + " does not lie under the volume's mount point " + written.volume().mount().mountPoint());
            }
            return new Stored(quarantine.get().put(path, new FileOrigin(eventId, operationId, written.volume().identity(),
                    path.toAbsolutePath(), onVolume, sha256, written.actor())));
        } catch (NoSuchFileException e) {
            events.gone(written, operationId, "before it could be quarantined", volumes.watched(written.volume()));
            return new Gone();
        } catch (IOException | RuntimeException e) {
            LOG.error("could not quarantine {}: {}", path, e.getMessage());
            events.fileWrittenNotQuarantined(written, sha256, decision, operationId, summary);
            events.enforcementFailed(written.volume().identity(), written, operationId,
                    "could not quarantine " + path + " (" + decision.action() + "): " + e.getMessage());
            return new Failed();
        }
    }

    /**
     * The whole file's classification, after a first look already quarantined it: from a copy
     * decrypted into the scratch folder for the inspection and removed right after.
     */
    Classification classifyWhole(QuarantinedFile stored, Path originalPath) {
        long started = System.nanoTime();
        Path copy = null;
        try {
            copy = quarantine.get().restore(stored.eventId(), scratch.resolve(stored.eventId() + ".inspect"), false);
            Classification whole = inspector.inspect(copy, stored.sha256());
            return whole.forPath(originalPath.toString(), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not inspect the whole of quarantined {}: {}", originalPath, e.getMessage());
            return Classification.notInspected(originalPath.toString(), null, InspectionStatus.ERROR,
                    "quarantined on a first look; the whole file could not be inspected: " + e.getMessage(), stored.sha256(),
                    stored.size(), (System.nanoTime() - started) / 1_000_000);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    LOG.warn("could not remove the inspection copy {}: {}", copy, e.getMessage());
                }
            }
        }
    }
}
