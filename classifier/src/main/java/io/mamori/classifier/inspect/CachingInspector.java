package io.mamori.classifier.inspect;

import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.worker.WorkerMessages;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Puts a {@link ResultCache} in front of an inspector. A file whose path, size and modification
 * time are unchanged is not read again; content already classified is not parsed again. Only
 * results that would come out the same next time are kept: TIMEOUT and ERROR are retried.
 */
public final class CachingInspector implements Inspector {

    private static final Set<InspectionStatus> CACHEABLE = EnumSet.of(InspectionStatus.OK, InspectionStatus.ENCRYPTED,
            InspectionStatus.CORRUPT, InspectionStatus.TOO_LARGE, InspectionStatus.UNSUPPORTED);

    private final Inspector delegate;
    private final ResultCache cache;
    private final String configuration;

    public CachingInspector(Inspector delegate, ResultCache cache, ClassifierConfig config) {
        this.delegate = delegate;
        this.cache = cache;
        this.configuration = fingerprint(config);
    }

    @Override
    public Classification inspect(Path file) {
        return inspect(file, null);
    }

    /** With the SHA-256 already known (a first look hashed the file), the file is not hashed again. */
    @Override
    public Classification inspect(Path file, String knownSha256) {
        long started = System.nanoTime();
        BasicFileAttributes attributes;
        String sha256;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return delegate.inspect(file);
            }
            long modified = attributes.lastModifiedTime().toMillis();
            String path = file.toAbsolutePath().toString();
            sha256 = knownSha256 != null ? knownSha256 : cache.knownHash(path, attributes.size(), modified);
            if (sha256 == null) {
                delegate.prepare(file); // e.g. a worker starts while the file is hashed
                sha256 = Classifier.sha256(file);
                cache.rememberHash(path, attributes.size(), modified, sha256);
            } else if (knownSha256 != null) {
                cache.rememberHash(path, attributes.size(), modified, sha256);
            }
        } catch (IOException e) {
            return delegate.inspect(file); // the inspector reports what is wrong with the file
        }
        Classification cached = cache.get(configuration, sha256);
        if (cached != null) {
            return cached.forPath(file.toString(), (System.nanoTime() - started) / 1_000_000);
        }
        Classification result = delegate.inspect(file, sha256);
        if (CACHEABLE.contains(result.status()) && sha256.equals(result.sha256())) {
            cache.put(configuration, sha256, result);
        }
        return result;
    }

    @Override
    public void prepare(Path file) {
        delegate.prepare(file);
    }

    /** The whole file's classification when the cache has it (better than a first look), else a first look. */
    @Override
    public Classification glance(Path file, String knownSha256, int maxChars) {
        long started = System.nanoTime();
        if (knownSha256 != null) {
            Classification cached = cache.get(configuration, knownSha256);
            if (cached != null) {
                return cached.forPath(file.toString(), (System.nanoTime() - started) / 1_000_000);
            }
        }
        return delegate.glance(file, knownSha256, maxChars);
    }

    /**
     * The fingerprint of the classifier configuration its results are cached under: what a
     * reader of the cache (the agent's file index) asks for to get results of this configuration.
     */
    public String configuration() {
        return configuration;
    }

    /** Identifies a configuration: same fingerprint, same classification of the same content. */
    static String fingerprint(ClassifierConfig config) {
        try {
            byte[] setup = WorkerMessages.mapper().writeValueAsBytes(WorkerMessages.Setup.of(config));
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(setup);
            String version = String.valueOf(Classifier.class.getPackage().getImplementationVersion());
            digest.update(version.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the classifier configuration", e);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
