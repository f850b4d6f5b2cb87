package io.mamori.classifier.text;

import java.util.Arrays;

/**
 * Text after NFKC normalisation and dash folding, with a map from every normalised character
 * back to the original text. Detectors read {@link #chars()}; keyword matching reads
 * {@link #folded()}, the same text with ASCII letters lower-cased.
 *
 * <p>The map is sparse: almost every character maps one to one, so only the places where the
 * difference between original and normalised offsets changes are stored.
 */
public final class NormalizedText {

    private final char[] chars;
    private final char[] folded;
    private final int length;
    private final int[] changeAt;
    private final int[] deltas;
    private final int changes;
    private final int originalLength;

    NormalizedText(char[] chars, char[] folded, int length, int[] changeAt, int[] deltas, int changes,
            int originalLength) {
        this.chars = chars;
        this.folded = folded;
        this.length = length;
        this.changeAt = changeAt;
        this.deltas = deltas;
        this.changes = changes;
        this.originalLength = originalLength;
    }

    /** The normalised characters; only the first {@link #length()} are text. */
    public char[] chars() {
        return chars;
    }

    /** The normalised characters with A–Z folded to a–z. */
    public char[] folded() {
        return folded;
    }

    public int length() {
        return length;
    }

    public char charAt(int index) {
        return chars[index];
    }

    public String substring(int start, int end) {
        return new String(chars, start, end - start);
    }

    /** Where normalised character {@code index} came from in the original text. */
    public int originalOffset(int index) {
        if (index >= length) {
            return originalLength;
        }
        int change = Arrays.binarySearch(changeAt, 0, changes, index);
        if (change < 0) {
            change = -change - 2;
        }
        return index + (change < 0 ? 0 : deltas[change]);
    }

    /**
     * The first normalised character that came from original offset {@code original} or later;
     * used to carry table cell positions over to the normalised text.
     */
    public int normalizedOffset(int original) {
        if (changes == 0) {
            return Math.min(original, length); // normalisation changed nothing: offsets are the same
        }
        int low = 0;
        int high = length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (originalOffset(mid) < original) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
