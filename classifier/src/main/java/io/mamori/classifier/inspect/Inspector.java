package io.mamori.classifier.inspect;

import io.mamori.classifier.Classification;
import java.nio.file.Path;

/**
 * What the agent and {@code mamori scan} classify files with. Never throws for a bad file: a file
 * that could not be inspected comes back with a status (ENCRYPTED, CORRUPT, TOO_LARGE, TIMEOUT,
 * UNSUPPORTED, ERROR) and a reason. Implementations are safe to call from several threads.
 */
public interface Inspector extends AutoCloseable {

    Classification inspect(Path file);

    /** Inspects a file whose SHA-256 is already known, so it need not be read twice. */
    default Classification inspect(Path file, String knownSha256) {
        return inspect(file);
    }

    @Override
    void close();
}
