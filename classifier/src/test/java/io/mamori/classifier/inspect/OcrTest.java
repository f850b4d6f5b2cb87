package io.mamori.classifier.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.classifier.extract.OcrSettings;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images and scanned PDFs: UNSUPPORTED (never clean) without OCR; read with OCR when it is on.
 * Needs Tesseract with Japanese; CI installs it (.ci/test-packages), so there it must run.
 */
class OcrTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTesseract() {
        boolean installed = new File("/usr/bin/tesseract").canExecute()
                && new File("/usr/share/tesseract-ocr/5/tessdata/jpn.traineddata").isFile();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(installed).as("tesseract-ocr and tesseract-ocr-jpn are installed in CI").isTrue();
        }
        assumeTrue(installed, "Tesseract with Japanese is not installed (apt-get install tesseract-ocr tesseract-ocr-jpn)");
    }

    /** A white page to write black Japanese text on, in IPA Gothic of the given size. */
    private static Graphics2D page(BufferedImage image, float fontSize) throws Exception {
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(Font.createFont(Font.TRUETYPE_FONT, HostileFiles.FONT.toFile()).deriveFont(fontSize));
        return g;
    }

    private static BufferedImage scannedForm() throws Exception {
        BufferedImage image = new BufferedImage(1200, 260, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page(image, 44f);
        g.drawString("申込書", 40, 80);
        g.drawString("氏名：山田 太郎", 40, 180);
        g.dispose();
        return image;
    }

    private Path png() throws Exception {
        Path file = dir.resolve("scan.png");
        ImageIO.write(scannedForm(), "png", file.toFile());
        return file;
    }

    private Path scannedPdf() throws Exception {
        Path file = dir.resolve("scan.pdf");
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage();
            pdf.addPage(page);
            PDImageXObject image = LosslessFactory.createFromImage(pdf, scannedForm());
            try (PDPageContentStream stream = new PDPageContentStream(pdf, page)) {
                stream.drawImage(image, 20, 500, 580, 126);
            }
            pdf.save(file.toFile());
        }
        return file;
    }

    private static Classification inspect(Path file, boolean ocr) {
        return inspect(file, ocr ? OcrSettings.on(Duration.ofSeconds(60)) : OcrSettings.OFF);
    }

    private static Classification inspect(Path file, OcrSettings ocr) {
        ClassifierConfig config = ClassifierConfig.defaults().withOcr(ocr);
        try (Inspector inspector = new InProcessInspector(config)) {
            return inspector.inspect(file);
        }
    }

    @Test
    void anImageIsUnsupportedWithoutOcrAndReadWithIt() throws Exception {
        Path image = png();
        Classification off = inspect(image, false);
        assertThat(off.status()).isEqualTo(InspectionStatus.UNSUPPORTED);
        assertThat(off.reason()).contains("OCR");
        Classification on = inspect(image, true);
        assertThat(on.status()).isEqualTo(InspectionStatus.OK);
        assertThat(on.summaries()).anyMatch(f -> f.type().equals(FindingType.JP_PERSON_NAME));
    }

    @Test
    void aScannedPdfIsUnsupportedWithoutOcrAndReadWithIt() throws Exception {
        Path pdf = scannedPdf();
        Classification off = inspect(pdf, false);
        assertThat(off.status()).isEqualTo(InspectionStatus.UNSUPPORTED);
        assertThat(off.reason()).contains("scanned");
        Classification on = inspect(pdf, true);
        assertThat(on.status()).isEqualTo(InspectionStatus.OK);
        assertThat(on.summaries()).anyMatch(f -> f.type().equals(FindingType.JP_PERSON_NAME));
    }

    @Test
    void ocrThatPassesItsTimeLimitIsTimeoutNeverOk() throws Exception {
        // a page of dense Japanese text takes Tesseract far longer than the one second allowed here
        Path file = densePage();
        Classification result = inspect(file, OcrSettings.on(Duration.ofSeconds(1)));
        assertThat(result.status()).as(result.reason()).isEqualTo(InspectionStatus.TIMEOUT);
        assertThat(result.reason()).contains("time limit");
    }

    @Test
    void ocrInAWorkerLeavesNothingInTheSharedTemporaryFolder() throws Exception {
        // Tesseract stopped at its time limit leaves its (empty) output behind: in a worker it lands
        // in the worker's own folder, which goes with the worker
        Path file = densePage();
        Path shared = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<Path> before = leftovers(shared, null);
        ClassifierConfig config = ClassifierConfig.defaults().withOcr(OcrSettings.on(Duration.ofSeconds(1)));
        try (WorkerPool pool = new WorkerPool(config, InspectorConfig.defaults().withWorkers(1))) {
            Classification result = pool.inspect(file);
            assertThat(result.status()).as(result.reason()).isEqualTo(InspectionStatus.TIMEOUT);
        }
        // nothing that was not there before (a pool starting removes old workers' folders, so
        // fewer is fine)
        assertThat(leftovers(shared, before)).isSubsetOf(before);
    }

    /** A page of dense Japanese text: Tesseract takes far longer than a second over it. */
    private Path densePage() throws Exception {
        BufferedImage image = new BufferedImage(2480, 3508, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page(image, 36f);
        for (int line = 0; line < 80; line++) {
            g.drawString("第" + line + "条 申込者の氏名、住所、電話番号その他の連絡先を記載した書面を提出すること。", 60, 80 + line * 42);
        }
        g.dispose();
        Path file = dir.resolve("page.png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /**
     * What Tika and Tesseract name their files, and the workers' folders; unless {@code earlier} is
     * null, waits a while for the workers' folders not in it to go (a folder goes as its worker exits).
     */
    private static java.util.Set<Path> leftovers(Path folder, java.util.Set<Path> earlier) throws java.io.IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        java.util.Set<Path> found;
        do {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
                found = files.filter(f -> f.getFileName().toString().startsWith("apache-tika-")
                        || f.getFileName().toString().startsWith("mamori-worker-")).collect(
                                java.util.stream.Collectors.toSet());
            }
        } while (earlier != null
                && found.stream().anyMatch(f -> f.getFileName().toString().startsWith("mamori-worker-") && !earlier.contains(f))
                && System.nanoTime() < deadline);
        return found;
    }
}
