package io.mamori.classifier.inspect;

import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What {@code mamori scan} inspects with: a small file that Mamori decodes itself (plain text,
 * CSV/TSV, logs — no Tika parser involved, so no parser a hostile file could exploit, and linear
 * work bounded by {@link #IN_PROCESS_MAX_BYTES}) is classified in this process; every other file
 * goes to the isolated workers, which are started only when the first such file comes. Scanning
 * one small text file so needs no second JVM (issue 22: start-up).
 */
public final class RoutingInspector implements Inspector {

    /** The largest file inspected in this process; larger ones go to a worker with its heap and time limits. */
    public static final long IN_PROCESS_MAX_BYTES = 1 << 20;

    private final InProcessInspector inProcess;
    private final Supplier<Inspector> workersFactory;
    private Inspector workers;

    public RoutingInspector(ClassifierConfig config, Supplier<Inspector> workers) {
        this.inProcess = new InProcessInspector(config);
        this.workersFactory = workers;
    }

    /** Whether this file is classified in this process. */
    boolean inThisProcess(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) <= IN_PROCESS_MAX_BYTES && inProcess.decodesItself(file);
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized Inspector workers() {
        if (workers == null) {
            workers = workersFactory.get();
        }
        return workers;
    }

    @Override
    public Classification inspect(Path file) {
        return inThisProcess(file) ? inProcess.inspect(file) : workers().inspect(file);
    }

    @Override
    public Classification inspect(Path file, String knownSha256) {
        return inThisProcess(file) ? inProcess.inspect(file, knownSha256) : workers().inspect(file, knownSha256);
    }

    /**
     * A file too large for this process starts the workers now (they take a second or two), so
     * that they are ready when its hash is: by its size alone, as only such a file takes long
     * enough to hash to hide a start, and its type need not be detected twice.
     */
    @Override
    public void prepare(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > IN_PROCESS_MAX_BYTES) {
                workers().prepare(file);
            }
        } catch (IOException e) {
            // the inspection itself reports what is wrong with the file
        }
    }

    @Override
    public Classification glance(Path file, String knownSha256, int maxChars) {
        return inThisProcess(file) ? inProcess.glance(file, knownSha256, maxChars) : workers().glance(file, knownSha256, maxChars);
    }

    @Override
    public synchronized void close() {
        inProcess.close();
        if (workers != null) {
            workers.close();
        }
    }
}
