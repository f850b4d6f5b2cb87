package io.mamori.classifier;

import io.mamori.classifier.extract.ExtractionLimits;
import io.mamori.classifier.extract.OcrSettings;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.time.Clock;
import java.util.List;

/**
 * How the classifier runs: extraction limits, OCR, the administrator's custom detectors from
 * policy, and the clock that dates of birth are judged against.
 *
 * @param limits          per-file extraction limits
 * @param ocr             whether and how images and scanned PDFs are read
 * @param customDetectors {@code CUSTOM:<name>} types to look for
 * @param clock           today's date for the plausibility of birth dates
 * @param peopleKey       the agent's 128-bit key for the keys of detected values (32 hex digits), so
 *                        that its processes agree on them and people are counted across files; null:
 *                        a key drawn per process
 */
public record ClassifierConfig(ExtractionLimits limits, OcrSettings ocr, List<CustomDetectorSpec> customDetectors,
        Clock clock, String peopleKey) {

    public ClassifierConfig {
        customDetectors = List.copyOf(customDetectors);
        if (peopleKey != null && !peopleKey.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("a people key is 32 lower-case hex digits");
        }
    }

    public ClassifierConfig(ExtractionLimits limits, OcrSettings ocr, List<CustomDetectorSpec> customDetectors, Clock clock) {
        this(limits, ocr, customDetectors, clock, null);
    }

    public ClassifierConfig withPeopleKey(String key) {
        return new ClassifierConfig(limits, ocr, customDetectors, clock, key);
    }

    @Override
    public String toString() {
        return "ClassifierConfig[limits=" + limits + ", ocr=" + ocr + ", customDetectors=" + customDetectors.size()
                + ", peopleKey=" + (peopleKey == null ? "none" : "set") + "]";
    }

    public static ClassifierConfig defaults() {
        return new ClassifierConfig(ExtractionLimits.DEFAULT, OcrSettings.OFF, List.of(), Clock.systemDefaultZone());
    }

    public ClassifierConfig withCustomDetectors(List<CustomDetectorSpec> custom) {
        return new ClassifierConfig(limits, ocr, custom, clock, peopleKey);
    }

    public ClassifierConfig withLimits(ExtractionLimits newLimits) {
        return new ClassifierConfig(newLimits, ocr, customDetectors, clock, peopleKey);
    }

    public ClassifierConfig withOcr(OcrSettings newOcr) {
        return new ClassifierConfig(limits, newOcr, customDetectors, clock, peopleKey);
    }

    public ClassifierConfig withClock(Clock newClock) {
        return new ClassifierConfig(limits, ocr, customDetectors, newClock, peopleKey);
    }
}
