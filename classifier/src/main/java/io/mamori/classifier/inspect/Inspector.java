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

    /**
     * A hint that this file is about to be inspected: an inspector may start what it will need
     * (an inspection worker) while the caller goes on with other work, such as hashing the file.
     * Never required, never blocks for long; inspecting without it gives the same result.
     */
    default void prepare(Path file) {
    }

    /**
     * A first look: classifies only the first {@code maxChars} characters of the file's text, so
     * that a large file full of personal data can be decided before all of it is read. What it
     * finds is a lower bound of what the whole file holds. A file whose text went on comes back
     * TOO_LARGE (only the beginning was inspected); one whose text fitted comes back as its full
     * classification. Never cached. Inspectors that cannot stop early inspect the whole file.
     */
    default Classification glance(Path file, String knownSha256, int maxChars) {
        return inspect(file, knownSha256);
    }

    @Override
    void close();
}
