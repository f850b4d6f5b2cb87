package io.mamori.classifier.detect;

import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One thing a detector found. It carries a masked sample, never the value itself; the
 * {@code valueKey} is a keyed digest of the value ({@link ValueKeys}) so that distinct values can
 * be counted without keeping them, and it means nothing outside this process.
 *
 * <p>The sample and the key may be made only when first asked for ({@link #lazy}): a large table
 * yields millions of findings, and only the first few samples of each kind are shown, and values
 * are counted only up to a bound.
 */
public final class Finding {

    private final FindingType type;
    private final Confidence confidence;
    private final int start;
    private final int end;
    private Supplier<String> sampler;
    private LongSupplier keyer;
    private String sample;
    private long valueKey;

    /**
     * @param type       what was found
     * @param confidence how sure the detector is
     * @param start      first character, in the normalised text
     * @param end        one past the last character
     * @param sample     the masked form shown to people, e.g. {@code 1234-****-**18}
     * @param valueKey   keyed digest of the canonical value (digits only, lower-cased address, …)
     */
    public Finding(FindingType type, Confidence confidence, int start, int end, String sample, long valueKey) {
        this.type = Objects.requireNonNull(type);
        this.confidence = Objects.requireNonNull(confidence);
        this.start = start;
        this.end = end;
        this.sample = Objects.requireNonNull(sample);
        this.valueKey = valueKey;
    }

    private Finding(FindingType type, Confidence confidence, int start, int end, Supplier<String> sampler,
            LongSupplier keyer) {
        this.type = Objects.requireNonNull(type);
        this.confidence = Objects.requireNonNull(confidence);
        this.start = start;
        this.end = end;
        this.sampler = sampler;
        this.keyer = keyer;
    }

    /** A finding whose sample and key are made when first asked for (each at most once). */
    public static Finding lazy(FindingType type, Confidence confidence, int start, int end, Supplier<String> sample,
            LongSupplier valueKey) {
        return new Finding(type, confidence, start, end, sample, valueKey);
    }

    public FindingType type() {
        return type;
    }

    public Confidence confidence() {
        return confidence;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public String sample() {
        if (sample == null) {
            sample = Objects.requireNonNull(sampler.get());
            sampler = null;
        }
        return sample;
    }

    public long valueKey() {
        if (keyer != null) {
            valueKey = keyer.getAsLong();
            keyer = null;
        }
        return valueKey;
    }

    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    public Finding withConfidence(Confidence raised) {
        return new Finding(type, raised, start, end, sample(), valueKey());
    }

    /** The same finding at other positions (in the text of the whole, for one piece's finding). */
    Finding movedBy(long offset) {
        return new Finding(type, confidence, (int) (start + offset), (int) (end + offset), sample(), valueKey());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Finding f && type.equals(f.type) && confidence == f.confidence && start == f.start
                && end == f.end && sample().equals(f.sample()) && valueKey() == f.valueKey();
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, confidence, start, end, sample(), valueKey());
    }

    @Override
    public String toString() {
        return "Finding[type=" + type + ", confidence=" + confidence + ", start=" + start + ", end=" + end + ", sample="
                + sample() + ", valueKey=" + valueKey() + "]";
    }
}
