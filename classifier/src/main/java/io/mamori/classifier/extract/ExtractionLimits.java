package io.mamori.classifier.extract;

/**
 * The most the extractor takes on for one file. A file over {@code maxFileBytes} is not handed to
 * a parser (plain text and tables stream through at any size), nor is an archive entry that
 * expands to more; text beyond {@code maxChars} is not read;
 * archives and embedded documents are followed to {@code maxArchiveDepth} levels,
 * {@code maxArchiveEntries} entries and {@code maxExpandedBytes} of expanded content, at most
 * {@code maxCompressionRatio} times the file's own size (entries no parser reads are still read
 * through and counted). Going over any of them makes the file TOO_LARGE, never OK, with a reason
 * naming the limit and what was read before inspected. The time limit is the worker pool's.
 *
 * @param maxFileBytes        the largest file parsed, in bytes
 * @param maxChars            the most characters of text taken from one file
 * @param maxArchiveDepth     how deep archives and embedded documents are followed
 * @param maxArchiveEntries   how many embedded documents and archive entries one file may hold
 * @param maxExpandedBytes    how many bytes embedded documents and entries may expand to in all
 * @param maxCompressionRatio how many times its own size a file may expand to
 */
public record ExtractionLimits(long maxFileBytes, int maxChars, int maxArchiveDepth, int maxArchiveEntries,
        long maxExpandedBytes, int maxCompressionRatio) {

    /**
     * 256 MiB for a file a parser reads (plain text and tables stream through whatever their size),
     * no character limit in practice (text is inspected piece by piece in constant memory; the
     * time limit bounds it), five levels of nesting, 10,000 entries, 1 GiB expanded, a ratio of 100.
     */
    public static final ExtractionLimits DEFAULT = new ExtractionLimits(256L * 1024 * 1024, Integer.MAX_VALUE, 5, 10_000,
            1024L * 1024 * 1024, 100);

    public ExtractionLimits {
        if (maxFileBytes < 1 || maxChars < 1 || maxArchiveDepth < 0 || maxArchiveEntries < 0 || maxExpandedBytes < 1
                || maxCompressionRatio < 1) {
            throw new IllegalArgumentException("extraction limits must be positive");
        }
    }

    /** The same limits, reading at most {@code chars} characters of text (a first look at a large file). */
    public ExtractionLimits withMaxChars(int chars) {
        return new ExtractionLimits(maxFileBytes, chars, maxArchiveDepth, maxArchiveEntries, maxExpandedBytes,
                maxCompressionRatio);
    }

    /** The same limits with other size limits (tests, tools). */
    public ExtractionLimits(long maxFileBytes, int maxChars) {
        this(maxFileBytes, maxChars, DEFAULT.maxArchiveDepth, DEFAULT.maxArchiveEntries, DEFAULT.maxExpandedBytes,
                DEFAULT.maxCompressionRatio);
    }
}
