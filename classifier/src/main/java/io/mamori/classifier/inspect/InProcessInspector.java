package io.mamori.classifier.inspect;

import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
import java.nio.file.Path;

/**
 * Classifies in the calling process. No isolation and no time limit: a hostile file can hang or
 * exhaust this process. For tests and small tools; the agent and {@code mamori scan} use the
 * {@link WorkerPool}.
 */
public final class InProcessInspector implements Inspector {

    private final Classifier classifier;

    public InProcessInspector(ClassifierConfig config) {
        this.classifier = new Classifier(config);
    }

    /** Whether Mamori decodes this file itself, with no Tika parser (see RoutingInspector). */
    public boolean decodesItself(Path file) {
        return classifier.decodesItself(file);
    }

    @Override
    public Classification inspect(Path file) {
        return classifier.classify(file);
    }

    @Override
    public Classification inspect(Path file, String knownSha256) {
        return classifier.classify(file, knownSha256);
    }

    @Override
    public Classification glance(Path file, String knownSha256, int maxChars) {
        ClassifierConfig config = classifier.config();
        if (maxChars >= config.limits().maxChars()) {
            return classifier.classify(file, knownSha256);
        }
        return new Classifier(config.withLimits(config.limits().withMaxChars(maxChars))).classify(file, knownSha256);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
