package io.mamori.classifier.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The robustness suite: hostile, broken and awkward files go through the real worker pool. Every
 * file gets a status within its time limit, the calling process never crashes, and nothing that
 * was not inspected comes back as clean.
 */
class HostileFilesTest {

    private static final InspectorConfig CONFIG = InspectorConfig.defaults().withWorkers(2)
            .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(90));
    private static WorkerPool pool;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPool() {
        pool = new WorkerPool(ClassifierConfig.defaults(), CONFIG);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    private static Classification inspect(Path file) throws IOException {
        long started = System.nanoTime();
        Classification result = pool.inspect(file);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("time for " + file.getFileName()).isLessThan(CONFIG.timeoutFor(Files.size(file))
                .plusSeconds(15));
        assertThat(result.status()).isNotNull();
        if (result.status() != InspectionStatus.OK) {
            assertThat(result.reason()).as("reason for " + result.status()).isNotBlank();
        }
        return result;
    }

    private static boolean found(Classification result, FindingType type) {
        return result.summaries(Confidence.MEDIUM).stream().anyMatch(s -> s.type().equals(type));
    }

    @Test
    void aZipBombStopsAtTheLimitsAsTooLarge() throws IOException {
        Classification result = inspect(HostileFiles.zipBomb(dir.resolve("bomb.zip"), 300));
        assertThat(result.status()).isEqualTo(InspectionStatus.TOO_LARGE);
        // whichever limit trips first: the expansion ratio, the expanded size, or the characters
        assertThat(result.reason()).containsAnyOf("decompression bomb", "expand", "characters were inspected");
    }

    @Test
    void aNestedZipBombWithNothingInItIsNeverReportedClean() throws IOException {
        // issue 22: zeros that no parser reads were skipped unread, and the bomb came back OK
        byte[] zeros = HostileFiles.zipOf("zeros.bin", new byte[50 << 20]);
        Path bomb = Files.write(dir.resolve("empty-bomb.zip"), HostileFiles.zipOf("inner.zip", zeros));
        Classification result = inspect(bomb);
        assertThat(result.status()).isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(result.reason()).contains("expansion ratio limit");
        assertThat(result.toSummary(Confidence.LOW).status().isComplete()).isFalse();
    }

    @Test
    void archivesNestedDeeperThanTheLimitAreTooLarge() throws IOException {
        Classification result = inspect(HostileFiles.nestedZips(dir.resolve("deep.zip"), 8, HostileFiles.PERSONAL));
        assertThat(result.status()).isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(result.reason()).contains("nested more than 5 levels deep");
    }

    @Test
    void archivesWithinTheLimitsAreInspectedAllTheWayDown() throws IOException {
        Classification result = inspect(HostileFiles.nestedZips(dir.resolve("three.zip"), 3, HostileFiles.PERSONAL));
        assertThat(result.status()).isEqualTo(InspectionStatus.OK);
        assertThat(found(result, FindingType.JP_MY_NUMBER)).isTrue();
    }

    @Test
    void aTarGzIsInspected() throws Exception {
        Path source = Files.createDirectories(dir.resolve("tar-src"));
        Files.writeString(source.resolve("名簿.txt"), HostileFiles.PERSONAL);
        Path archive = dir.resolve("archive.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", source.toString(), "名簿.txt").start();
        assertThat(tar.waitFor()).isZero();
        Classification result = inspect(archive);
        assertThat(result.status()).isEqualTo(InspectionStatus.OK);
        assertThat(found(result, FindingType.JP_MY_NUMBER)).isTrue();
    }

    @Test
    void encryptedOfficeDocumentsAreEncrypted() throws Exception {
        Classification result = inspect(HostileFiles.encryptedSpreadsheet(dir.resolve("locked.xlsx")));
        assertThat(result.status()).isEqualTo(InspectionStatus.ENCRYPTED);
    }

    @Test
    void encryptedPdfsAreEncrypted() throws IOException {
        Classification result = inspect(HostileFiles.encryptedPdf(dir.resolve("locked.pdf")));
        assertThat(result.status()).isEqualTo(InspectionStatus.ENCRYPTED);
    }

    @Test
    void encryptedZipsAreEncrypted() throws Exception {
        Path inner = Files.writeString(dir.resolve("inner.txt"), HostileFiles.PERSONAL);
        Path archive = dir.resolve("locked.zip");
        Process zip = new ProcessBuilder("zip", "-j", "-q", "-P", "synthetic-password", archive.toString(),
                inner.toString()).start();
        assertThat(zip.waitFor()).as("zip -P").isZero();
        Classification result = inspect(archive);
        assertThat(result.status()).isEqualTo(InspectionStatus.ENCRYPTED);
    }

    @Test
    void anEncryptedDocumentInsideAZipMakesTheZipEncrypted() throws Exception {
        Path locked = HostileFiles.encryptedSpreadsheet(dir.resolve("locked.xlsx"));
        Path archive = Files.write(dir.resolve("bundle.zip"), HostileFiles.zipOf("locked.xlsx", Files.readAllBytes(locked)));
        Classification result = inspect(archive);
        assertThat(result.status()).isEqualTo(InspectionStatus.ENCRYPTED);
        assertThat(result.reason()).contains("locked.xlsx");
    }

    @Test
    void aTruncatedPdfIsNeverReportedAsFullyInspected() throws IOException {
        Path whole = HostileFiles.pdf(dir.resolve("whole.pdf"), HostileFiles.PERSONAL.split("\n"));
        Classification result = inspect(HostileFiles.truncated(whole, dir.resolve("truncated.pdf"), 0.5));
        assertThat(result.status()).isIn(InspectionStatus.CORRUPT, InspectionStatus.UNSUPPORTED);
    }

    @Test
    void aFileClaimingToBeADocxIsTakenForWhatItIs() throws IOException {
        Classification text = inspect(Files.writeString(dir.resolve("report.docx"), HostileFiles.PERSONAL));
        assertThat(text.mediaType()).isEqualTo("text/plain");
        assertThat(found(text, FindingType.JP_MY_NUMBER)).isTrue();

        byte[] noise = new byte[50_000];
        new Random(11).nextBytes(noise);
        Classification binary = inspect(Files.write(dir.resolve("noise.docx"), noise));
        assertThat(binary.status()).isIn(InspectionStatus.UNSUPPORTED, InspectionStatus.CORRUPT);

        Path fakeOoxml = Files.write(dir.resolve("fake.docx"), HostileFiles.zipOf("word/document.xml",
                "<w:document><broken".getBytes(StandardCharsets.UTF_8)));
        assertThat(inspect(fakeOoxml).status()).isNotEqualTo(InspectionStatus.OK);
    }

    @Test
    void aTwoGigabyteSparseFileIsTooLargeAndNotParsed() throws IOException {
        Classification result = inspect(HostileFiles.sparse(dir.resolve("huge.bin"), 2L * 1024 * 1024 * 1024));
        assertThat(result.status()).isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(result.sha256()).hasSize(64);
    }

    @Test
    void thousandsOfTinyFilesAreAllInspected() throws Exception {
        Path tiny = Files.createDirectories(dir.resolve("tiny"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            files.add(Files.writeString(tiny.resolve("f" + i + ".txt"), i == 1234 ? HostileFiles.PERSONAL : "メモ " + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Classification>> results = new ArrayList<>();
            for (Path file : files) {
                results.add(threads.submit(() -> pool.inspect(file)));
            }
            int withFindings = 0;
            for (Future<Classification> result : results) {
                assertThat(result.get().status()).isEqualTo(InspectionStatus.OK);
                withFindings += result.get().hasFindings(Confidence.MEDIUM) ? 1 : 0;
            }
            assertThat(withFindings).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void awkwardFileNamesAreHandled() throws IOException {
        String nfd = Normalizer.normalize("パスポート写し", Normalizer.Form.NFD);
        List<Path> files = List.of(
                Files.writeString(dir.resolve("個人情報_名簿（最新）.txt"), HostileFiles.PERSONAL),
                Files.writeString(dir.resolve("📎資料😀 final.txt"), HostileFiles.PERSONAL),
                Files.writeString(dir.resolve(nfd + ".txt"), HostileFiles.PERSONAL));
        Path deep = dir;
        while (deep.toString().getBytes(StandardCharsets.UTF_8).length < 3600) { // Linux allows 4096 bytes
            deep = deep.resolve("とても長いフォルダ名のディレクトリ");
        }
        Files.createDirectories(deep);
        Path longPath = Files.writeString(deep.resolve("深い場所の名簿.txt"), HostileFiles.PERSONAL);
        List<Path> all = new ArrayList<>(files);
        all.add(longPath);
        for (Path file : all) {
            Classification result = inspect(file);
            assertThat(result.status()).as(file.getFileName().toString()).isEqualTo(InspectionStatus.OK);
            assertThat(found(result, FindingType.JP_MY_NUMBER)).as(file.getFileName().toString()).isTrue();
        }
    }

    @Test
    void aFileThatVanishesIsAnErrorNotAClean() {
        Classification result = pool.inspect(dir.resolve("gone.txt"));
        assertThat(result.status()).isEqualTo(InspectionStatus.ERROR);
    }
}
