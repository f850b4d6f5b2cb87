package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import java.util.List;

/**
 * Finds one kind of personal or confidential data in normalised text. Detectors share the
 * expensive work (keyword search, digit runs, table structure) through the
 * {@link DetectionContext}, so each one only looks at its own candidates.
 */
public interface Detector {

    List<Finding> detect(NormalizedText text, DetectionContext context);
}
