package io.mamori.classifier;

import io.mamori.classifier.extract.ExtractionLimits;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.time.Clock;
import java.util.List;

/**
 * How the classifier runs: extraction limits, the administrator's custom detectors from policy,
 * and the clock that dates of birth are judged against.
 *
 * @param limits          per-file extraction limits
 * @param customDetectors {@code CUSTOM:<name>} types to look for
 * @param clock           today's date for the plausibility of birth dates
 */
public record ClassifierConfig(ExtractionLimits limits, List<CustomDetectorSpec> customDetectors, Clock clock) {

    public ClassifierConfig {
        customDetectors = List.copyOf(customDetectors);
    }

    public static ClassifierConfig defaults() {
        return new ClassifierConfig(ExtractionLimits.DEFAULT, List.of(), Clock.systemDefaultZone());
    }

    public ClassifierConfig withCustomDetectors(List<CustomDetectorSpec> custom) {
        return new ClassifierConfig(limits, custom, clock);
    }

    public ClassifierConfig withLimits(ExtractionLimits newLimits) {
        return new ClassifierConfig(newLimits, customDetectors, clock);
    }

    public ClassifierConfig withClock(Clock newClock) {
        return new ClassifierConfig(limits, customDetectors, newClock);
    }
}
