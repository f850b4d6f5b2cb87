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
 */
public record ClassifierConfig(ExtractionLimits limits, OcrSettings ocr, List<CustomDetectorSpec> customDetectors,
        Clock clock) {

    public ClassifierConfig {
        customDetectors = List.copyOf(customDetectors);
    }

    public static ClassifierConfig defaults() {
        return new ClassifierConfig(ExtractionLimits.DEFAULT, OcrSettings.OFF, List.of(), Clock.systemDefaultZone());
    }

    public ClassifierConfig withCustomDetectors(List<CustomDetectorSpec> custom) {
        return new ClassifierConfig(limits, ocr, custom, clock);
    }

    public ClassifierConfig withLimits(ExtractionLimits newLimits) {
        return new ClassifierConfig(newLimits, ocr, customDetectors, clock);
    }

    public ClassifierConfig withOcr(OcrSettings newOcr) {
        return new ClassifierConfig(limits, newOcr, customDetectors, clock);
    }

    public ClassifierConfig withClock(Clock newClock) {
        return new ClassifierConfig(limits, ocr, customDetectors, newClock);
    }
}
