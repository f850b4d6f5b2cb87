package io.mamori.agent.policy;

import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.inspect.CachingInspector;
import io.mamori.classifier.inspect.Inspector;
import io.mamori.protocol.policy.CustomDetectorSpec;
import io.mamori.protocol.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Inspects with the custom detectors of the policy in force: when a new policy brings other
 * detectors, the next file is inspected by a new inspector made for them. The old ones are closed
 * with this one (a file being inspected by one when the policy changes still gets its answer).
 */
public final class PolicyInspector implements Inspector {

    private final Supplier<Optional<Policy>> policy;
    private final ClassifierConfig base;
    private final Function<ClassifierConfig, CachingInspector> factory;
    private final List<CachingInspector> retired = new ArrayList<>();
    private List<CustomDetectorSpec> detectors;
    private CachingInspector current;

    public PolicyInspector(Supplier<Optional<Policy>> policy, ClassifierConfig base, Function<ClassifierConfig, CachingInspector> factory) {
        this.policy = policy;
        this.base = base;
        this.factory = factory;
    }

    /** The inspector for the policy in force now (the background indexer classifies with it too). */
    public synchronized CachingInspector current() {
        List<CustomDetectorSpec> wanted = policy.get().map(Policy::customDetectors).orElse(List.of());
        if (current == null || !wanted.equals(detectors)) {
            if (current != null) {
                retired.add(current);
            }
            current = factory.apply(base.withCustomDetectors(wanted));
            detectors = wanted;
        }
        return current;
    }

    @Override
    public Classification inspect(Path file) {
        return current().inspect(file);
    }

    @Override
    public Classification inspect(Path file, String knownSha256) {
        return current().inspect(file, knownSha256);
    }

    @Override
    public void prepare(Path file) {
        current().prepare(file);
    }

    @Override
    public Classification glance(Path file, String knownSha256, int maxChars) {
        return current().glance(file, knownSha256, maxChars);
    }

    @Override
    public synchronized void close() {
        retired.forEach(CachingInspector::close);
        retired.clear();
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
