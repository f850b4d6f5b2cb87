package io.mamori.agent.copy;

import io.mamori.agent.media.Volume;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.agent.quarantine.QuarantinedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Puts a quarantined file back — where it was copied to on its device, or into a folder the
 * console names — and remembers the write as the agent's own, so that the guard does not decide it
 * again when the watcher reports it. The content is checked by the store; a file of that name
 * already there is never overwritten (the restored copy gets a new name beside it).
 */
final class WriteBack {

    private final MountedVolumes volumes;
    private final Supplier<QuarantineStore> quarantine;
    private final Map<Path, String> ownWrites = new ConcurrentHashMap<>();

    WriteBack(MountedVolumes volumes, Supplier<QuarantineStore> quarantine) {
        this.volumes = volumes;
        this.quarantine = quarantine;
    }

    /**
     * Writes the file back where it was copied to, if its device is mounted now (empty if not): the
     * same path, or a new name beside it.
     */
    Optional<Path> toDevice(QuarantinedFile file) throws IOException {
        Optional<Volume> volume = volumes.of(file.origin().device());
        if (volume.isEmpty()) {
            return Optional.empty();
        }
        Path mountPoint = volume.get().mount().mountPoint();
        Path target = mountPoint.resolve(file.origin().volumePath()).normalize();
        if (!target.startsWith(mountPoint) || target.equals(mountPoint)) {
            throw new IOException("the recorded path " + file.origin().volumePath() + " does not lie on the device; nothing released");
        }
        Files.createDirectories(target.getParent());
        return Optional.of(to(file, target));
    }

    /** Restores the file to {@code target} (or a new name beside it, never overwriting); the path written. */
    Path to(QuarantinedFile file, Path target) throws IOException {
        expectOwnWrite(target, file.sha256());
        Path written = quarantine.get().restore(file.eventId(), target, true);
        expectOwnWrite(written, file.sha256());
        return written;
    }

    /** The agent itself is about to write this content there. */
    void expectOwnWrite(Path path, String sha256) {
        ownWrites.put(path, sha256);
    }

    /** True (once) if this content at this path is a write the agent announced as its own. */
    boolean isOwnWrite(Path path, String sha256) {
        String expected = ownWrites.get(path);
        if (expected != null && expected.equals(sha256)) {
            ownWrites.remove(path);
            return true;
        }
        return false;
    }
}
