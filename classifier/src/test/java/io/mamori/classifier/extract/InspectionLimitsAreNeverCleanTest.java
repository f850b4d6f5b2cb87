package io.mamori.classifier.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: a limit hit is never OK. Every archive here is generated in the test (nothing in it
 * but zeros, spaces or synthetic text); each passes one limit and must come back as not
 * inspected, with a reason naming that limit and what was read before it still inspected.
 */
class InspectionLimitsAreNeverCleanTest {

    private static final ExtractionLimits D = ExtractionLimits.DEFAULT;
    private static final ContentExtractor DEFAULTS = new ContentExtractor(D);
    private static final String PERSONAL = "氏名：山田 太郎\n個人番号：1234-5678-9018\n";

    @TempDir
    Path dir;

    /** A zip of {@code copies} entries named {@code i + name}, each holding {@code content}. */
    static byte[] zip(int copies, String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(9);
            for (int i = 0; i < copies; i++) {
                zip.putNextEntry(new ZipEntry(i + name));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] filled(int bytes, char c) {
        byte[] content = new byte[bytes];
        Arrays.fill(content, (byte) c);
        return content;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertStoppedAt(ExtractedText text, String limit) {
        assertThat(text.status()).as(text.reason()).isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(text.reason()).contains(limit);
    }

    private static boolean found(Classification result, FindingType type) {
        return result.summaries(Confidence.MEDIUM).stream().anyMatch(s -> s.type().equals(type));
    }

    @Test
    void aNestedZipBombWithNothingButZerosInItIsTooLargeNotClean() throws IOException {
        // the case: an entry no parser reads (zeros) used to be skipped unread, so the
        // bomb never expanded as far as the limits could see and the zip came back OK
        byte[] bomb = zip(1, "outer.zip", zip(1, "zeros.bin", new byte[50 << 20]));
        ExtractedText text = DEFAULTS.extract(file("bomb.zip", bomb));
        assertStoppedAt(text, "expansion ratio limit");
    }

    @Test
    void aFlatZipOfZerosIsTooLargeAtTheRatioLimit() throws IOException {
        ExtractedText text = DEFAULTS.extract(file("zeros.zip", zip(1, "zeros.bin", new byte[50 << 20])));
        assertStoppedAt(text, "expansion ratio limit");
    }

    @Test
    void aWideNestedBombOfZerosIsTooLarge() throws IOException {
        byte[] level = zip(16, "z.bin", new byte[1 << 20]);
        level = zip(16, "a.zip", level);
        level = zip(16, "b.zip", level);
        ExtractedText text = DEFAULTS.extract(file("42.zip", level));
        assertStoppedAt(text, "expansion ratio limit");
    }

    @Test
    void textThatExpandsFarBeyondItsBytesIsTooLargeAtTheRatioLimitNotCorrupt() throws IOException {
        // Tika's own bomb guard stops this one; it used to surface as an unparseable (CORRUPT) zip
        byte[] level = zip(16, "s.txt", filled(1 << 20, ' '));
        level = zip(16, "a.zip", level);
        ExtractedText text = DEFAULTS.extract(file("spaces.zip", zip(16, "b.zip", level)));
        assertStoppedAt(text, "expansion ratio limit");
    }

    @Test
    void markupThatTikasBombGuardStopsIsTooLargeAtTheRatioLimitNotCorrupt() throws IOException {
        // Tika's own guard (far more text than bytes read) used to surface as an unparseable, CORRUPT zip
        byte[] xml = ("<?xml version=\"1.0\"?><r>" + "x".repeat(2 << 20) + "</r>").getBytes(StandardCharsets.UTF_8);
        ExtractedText text = DEFAULTS.extract(file("markup.zip", zip(1, "big.xml", xml)));
        assertStoppedAt(text, "expansion ratio limit");
    }

    @Test
    void emptyZipsNestedPastTheDepthLimitAreTooLarge() throws IOException {
        byte[] deep = zip(1, "empty.txt", new byte[0]);
        for (int level = 0; level < D.maxArchiveDepth() + 3; level++) {
            deep = zip(1, "level.zip", deep);
        }
        ExtractedText text = DEFAULTS.extract(file("deep.zip", deep));
        assertStoppedAt(text, "archive depth limit");
        assertThat(text.reason()).contains("nested more than " + D.maxArchiveDepth() + " levels deep");
    }

    @Test
    void emptyEntriesPastTheEntryCountLimitAreTooLarge() throws IOException {
        ContentExtractor fewEntries = new ContentExtractor(new ExtractionLimits(D.maxFileBytes(), D.maxChars(),
                D.maxArchiveDepth(), 50, D.maxExpandedBytes(), D.maxCompressionRatio()));
        ExtractedText text = fewEntries.extract(file("many.zip", zip(51, "empty.txt", new byte[0])));
        assertStoppedAt(text, "entry count limit");
        assertThat(fewEntries.extract(file("fifty.zip", zip(50, "empty.txt", new byte[0]))).status())
                .isEqualTo(InspectionStatus.OK);
    }

    @Test
    void entriesExpandingPastTheTotalSizeLimitAreTooLarge() throws IOException {
        ContentExtractor smallTotal = new ContentExtractor(new ExtractionLimits(D.maxFileBytes(), D.maxChars(),
                D.maxArchiveDepth(), D.maxArchiveEntries(), 1 << 20, D.maxCompressionRatio()));
        ExtractedText text = smallTotal.extract(file("total.zip", zip(3, "zeros.bin", new byte[400 * 1024])));
        assertStoppedAt(text, "expanded size limit");
    }

    @Test
    void anEntryLargerThanTheLargestFileInspectedIsTooLarge() throws IOException {
        ContentExtractor smallFiles = new ContentExtractor(new ExtractionLimits(1 << 20, D.maxChars(),
                D.maxArchiveDepth(), D.maxArchiveEntries(), D.maxExpandedBytes(), D.maxCompressionRatio()));
        ExtractedText text = smallFiles.extract(file("entry.zip", zip(1, "zeros.bin", new byte[2 << 20])));
        assertStoppedAt(text, "entry size limit");
    }

    @Test
    void textInAZipPastTheCharacterLimitIsTooLarge() throws IOException {
        ContentExtractor fewChars = new ContentExtractor(new ExtractionLimits(D.maxFileBytes(), 1000));
        byte[] text = "あいうえお\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        ExtractedText extracted = fewChars.extract(file("chars.zip", zip(1, "text.txt", text)));
        assertStoppedAt(extracted, "character limit");
        assertThat(extracted.text()).hasSize(1000);
    }

    @Test
    void plainTextPastTheCharacterLimitIsTooLarge() throws IOException {
        ContentExtractor fewChars = new ContentExtractor(new ExtractionLimits(D.maxFileBytes(), 1000));
        Path text = Files.writeString(dir.resolve("long.txt"), "あいうえお\n".repeat(1000));
        assertStoppedAt(fewChars.extract(text), "character limit");
    }

    @Test
    void findingsBeforeALimitAreStillReported() throws IOException {
        byte[] personal = zip(1, "personal.txt", PERSONAL.getBytes(StandardCharsets.UTF_8));
        byte[] deep = zip(1, "empty.txt", new byte[0]);
        for (int level = 0; level < D.maxArchiveDepth() + 3; level++) {
            deep = zip(1, "level.zip", deep);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("a-personal.zip"));
            zip.write(personal);
            zip.putNextEntry(new ZipEntry("b-deep.zip"));
            zip.write(deep);
        }
        Classification result = new Classifier(ClassifierConfig.defaults()).classify(file("mixed.zip", bytes.toByteArray()));
        assertThat(result.status()).isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(result.reason()).contains("archive depth limit");
        assertThat(found(result, FindingType.JP_MY_NUMBER)).isTrue();
    }

    @Test
    void aSmallOrdinaryZipIsStillOkWithItsFindings() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("memo.txt"));
            zip.write(PERSONAL.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("empty.txt"));
            zip.putNextEntry(new ZipEntry("padding.bin"));
            zip.write(new byte[64 * 1024]); // compresses well, but is far from a bomb
            zip.putNextEntry(new ZipEntry("inner.zip"));
            zip.write(zip(1, "notes.txt", "会議は十時から。".getBytes(StandardCharsets.UTF_8)));
        }
        Classification result = new Classifier(ClassifierConfig.defaults()).classify(file("ordinary.zip", bytes.toByteArray()));
        assertThat(result.status()).as(result.reason()).isEqualTo(InspectionStatus.OK);
        assertThat(result.reason()).isNull();
        assertThat(found(result, FindingType.JP_MY_NUMBER)).isTrue();
    }
}
