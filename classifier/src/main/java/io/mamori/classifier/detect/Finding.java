package io.mamori.classifier.detect;

import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;

/**
 * One thing a detector found. It carries a masked sample, never the value itself; the
 * {@code valueKey} is a keyed digest of the value ({@link ValueKeys}) so that distinct values can
 * be counted without keeping them, and it means nothing outside this process.
 *
 * @param type       what was found
 * @param confidence how sure the detector is
 * @param start      first character, in the normalised text
 * @param end        one past the last character
 * @param sample     the masked form shown to people, e.g. {@code 1234-****-**18}
 * @param valueKey   keyed digest of the canonical value (digits only, lower-cased address, …)
 */
public record Finding(FindingType type, Confidence confidence, int start, int end, String sample, long valueKey) {

    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    public Finding withConfidence(Confidence raised) {
        return new Finding(type, raised, start, end, sample, valueKey);
    }
}
