package io.mamori.classifier;

import io.mamori.classifier.detect.DetectionTally;
import io.mamori.classifier.detect.Detectors;
import io.mamori.classifier.extract.ContentExtractor;
import io.mamori.classifier.extract.ExtractedText;
import io.mamori.classifier.extract.Extraction;
import io.mamori.classifier.extract.TableLayout;
import io.mamori.classifier.text.NormalizedText;
import io.mamori.classifier.text.TextNormalizer;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * Classifies files and texts in this process: extraction, NFKC normalisation, every detector,
 * scoring. It never throws for a bad file: what could not be inspected comes back as a status
 * with a reason. Thread-safe; create one and reuse it (building it loads Tika and the
 * dictionaries).
 */
public final class Classifier {

    private final ClassifierConfig config;
    private final ContentExtractor extractor;
    private final int pieceChars;
    private final int threads;
    /** Reads the pieces of a text; shared by every file this classifier inspects, made on first use. */
    private java.util.concurrent.ExecutorService detectionThreads;

    public Classifier(ClassifierConfig config) {
        this(config, ChunkedDetection.DEFAULT_PIECE_CHARS, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param pieceChars a text longer than this is inspected in pieces of about this many characters
     * @param threads    how many threads read the pieces of one file
     */
    Classifier(ClassifierConfig config, int pieceChars, int threads) {
        this.config = config;
        if (config.peopleKey() != null) {
            io.mamori.classifier.detect.ValueKeys.use(java.util.HexFormat.of().parseHex(config.peopleKey()));
        }
        this.extractor = new ContentExtractor(config.limits(), config.ocr());
        this.pieceChars = pieceChars;
        this.threads = threads;
    }

    public ClassifierConfig config() {
        return config;
    }

    public Classification classify(Path file) {
        return classify(file, null);
    }

    /** Whether Mamori decodes this file itself rather than a Tika parser (ContentExtractor#decodesItself). */
    public boolean decodesItself(Path file) {
        return extractor.decodesItself(file);
    }

    /**
     * Classifies a file whose SHA-256 the caller already computed (a cache looked it up), so it
     * is not read twice.
     */
    public Classification classify(Path file, String knownSha256) {
        long started = System.nanoTime();
        String path = file.toString();
        if (!Files.isRegularFile(file)) {
            return failed(path, null, 0, InspectionStatus.ERROR,
                    Files.exists(file) ? "not a regular file" : "no such file", started);
        }
        long size;
        String sha256;
        try {
            size = Files.size(file);
            sha256 = knownSha256 != null ? knownSha256 : sha256(file);
        } catch (IOException e) {
            return failed(path, null, 0, InspectionStatus.ERROR, "cannot read the file: "
                    + e.getClass().getSimpleName(), started);
        }
        ChunkedDetection detection = new ChunkedDetection(config.customDetectors(), LocalDate.now(config.clock()),
                pieceChars, detectionThreads(), threads);
        Extraction extraction;
        try {
            extraction = extractor.extract(file, detection);
            DetectionTally tally = detection.finish();
            return Classification.of(path, extraction.mediaType(), extraction.status(), extraction.reason(), sha256,
                    size, tally, elapsedMs(started));
        } catch (RuntimeException | StackOverflowError e) {
            return failed(path, null, size, InspectionStatus.ERROR, "detection failed: " + e.getClass().getSimpleName(),
                    started).withSha256(sha256);
        } finally {
            detection.shutdown();
        }
    }

    private synchronized java.util.concurrent.ExecutorService detectionThreads() {
        if (threads < 2) {
            return null;
        }
        if (detectionThreads == null) {
            java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
            detectionThreads = java.util.concurrent.Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "mamori-detect-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return detectionThreads;
    }

    /** Classifies text that is already extracted (tests, tools, text from other sources). */
    public Classification classifyText(String text, TableLayout tables) {
        long started = System.nanoTime();
        ExtractedText extracted = new ExtractedText(text, tables, "text/plain", InspectionStatus.OK, null);
        return detect("-", extracted, null, text.length(), started);
    }

    private Classification detect(String path, ExtractedText extracted, String sha256, long size, long started) {
        try {
            NormalizedText normalized = TextNormalizer.normalize(extracted.text());
            Detectors.Result result = Detectors.run(normalized, extracted.tables(), config.customDetectors(),
                    LocalDate.now(config.clock()));
            return Classification.of(path, extracted.mediaType(), extracted.status(), extracted.reason(), sha256, size,
                    result.findings(), result.people(), result.reportable(), elapsedMs(started));
        } catch (RuntimeException | StackOverflowError e) {
            return failed(path, extracted.mediaType(), size, InspectionStatus.ERROR,
                    "detection failed: " + e.getClass().getSimpleName(), started).withSha256(sha256);
        }
    }

    private static Classification failed(String path, String mediaType, long size, InspectionStatus status,
            String reason, long started) {
        return Classification.notInspected(path, mediaType, status, reason, null, size, elapsedMs(started));
    }

    private static long elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The lowercase hex SHA-256 of a file's content. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
