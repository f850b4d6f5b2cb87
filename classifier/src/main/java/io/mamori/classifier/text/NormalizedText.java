package io.mamori.classifier.text;

import java.util.Arrays;

/**
 * Text after NFKC normalisation and dash folding, with a map from every normalised character
 * back to the original text. Detectors read {@link #chars()}; keyword matching reads
 * {@link #folded()}, the same text with ASCII letters lower-cased.
 */
public final class NormalizedText {

    private final char[] chars;
    private final char[] folded;
    private final int length;
    private final int[] originalOffsets;
    private final int originalLength;

    NormalizedText(char[] chars, char[] folded, int length, int[] originalOffsets, int originalLength) {
        this.chars = chars;
        this.folded = folded;
        this.length = length;
        this.originalOffsets = originalOffsets;
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
        return index >= length ? originalLength : originalOffsets[index];
    }

    /**
     * The first normalised character that came from original offset {@code original} or later;
     * used to carry table cell positions over to the normalised text.
     */
    public int normalizedOffset(int original) {
        int found = Arrays.binarySearch(originalOffsets, 0, length, original);
        if (found < 0) {
            return -found - 1;
        }
        while (found > 0 && originalOffsets[found - 1] == original) {
            found--;
        }
        return found;
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
