package io.mamori.classifier.extract;

/**
 * The most the extractor will take on for one file. A file over {@code maxFileBytes} is not
 * parsed (TOO_LARGE); text beyond {@code maxChars} is not read (TOO_LARGE, with what was read).
 *
 * @param maxFileBytes the largest file parsed, in bytes
 * @param maxChars     the most characters of text taken from one file
 */
public record ExtractionLimits(long maxFileBytes, int maxChars) {

    public static final ExtractionLimits DEFAULT = new ExtractionLimits(256L * 1024 * 1024, 20_000_000);

    public ExtractionLimits {
        if (maxFileBytes < 1 || maxChars < 1) {
            throw new IllegalArgumentException("extraction limits must be positive");
        }
    }
}
