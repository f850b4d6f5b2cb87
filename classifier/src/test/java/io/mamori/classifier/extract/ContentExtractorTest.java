package io.mamori.classifier.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.finding.InspectionStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentExtractorTest {

    private static final ContentExtractor EXTRACTOR = new ContentExtractor(ExtractionLimits.DEFAULT);

    @TempDir
    Path dir;

    private Path spreadsheet(String name) throws IOException {
        Path file = dir.resolve(name);
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            var sheet = book.createSheet("名簿");
            sheet.createRow(0).createCell(0).setCellValue("氏名");
            sheet.getRow(0).createCell(1).setCellValue("電話番号");
            sheet.createRow(1).createCell(0).setCellValue("山田 太郎");
            sheet.getRow(1).createCell(1).setCellValue("090-1234-5678");
            book.write(out);
        }
        return file;
    }

    @Test
    void aSpreadsheetKeepsItsCells() throws IOException {
        ExtractedText text = EXTRACTOR.extract(spreadsheet("名簿.xlsx"));
        assertThat(text.status()).isEqualTo(InspectionStatus.OK);
        assertThat(text.mediaType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(text.text()).contains("氏名").contains("090-1234-5678");
        assertThat(text.tables().size()).isEqualTo(4);
        assertThat(text.text().substring(text.tables().start(3), text.tables().end(3))).isEqualTo("090-1234-5678");
        assertThat(text.tables().row(3)).isEqualTo(1);
        assertThat(text.tables().column(3)).isEqualTo(1);
    }

    @Test
    void aRenamedSpreadsheetIsStillASpreadsheet() throws IOException {
        Path renamed = spreadsheet("notes.txt");
        ExtractedText text = EXTRACTOR.extract(renamed);
        assertThat(text.mediaType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(text.text()).contains("山田 太郎");
    }

    @Test
    void aTruncatedDocumentIsCorruptWithAReason() throws IOException {
        Path whole = spreadsheet("whole.xlsx");
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.xlsx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ExtractedText text = EXTRACTOR.extract(truncated);
        assertThat(text.status()).isIn(InspectionStatus.CORRUPT, InspectionStatus.UNSUPPORTED);
        assertThat(text.reason()).isNotBlank();
    }

    @Test
    void shiftJisCsvBecomesCells() throws IOException {
        Path file = dir.resolve("roster.csv");
        Files.writeString(file, "社員名簿\r\n氏名,電話番号\r\n\"山田, 太郎\",090-1234-5678\r\n", Charset.forName("windows-31j"));
        ExtractedText text = EXTRACTOR.extract(file);
        assertThat(text.status()).isEqualTo(InspectionStatus.OK);
        assertThat(text.tables().size()).isEqualTo(5);
        assertThat(text.text()).contains("山田, 太郎\t090-1234-5678");
    }

    @Test
    void tabSeparatedTextIsSniffedAsATable() {
        assertThat(ContentExtractor.tableDelimiter("text/plain", "表題\n氏名\t電話\n山田\t03-1234-5678\n佐藤\t03-9999-0000\n"))
                .isEqualTo('\t');
        assertThat(ContentExtractor.tableDelimiter("text/plain", "普通の文章です。\n二行目です。\n")).isEqualTo((char) 0);
    }

    @Test
    void aFileOverTheSizeLimitIsTooLargeAndNotParsed() throws IOException {
        Path file = Files.writeString(dir.resolve("big.pdf"), "%PDF-1.4\n" + "x".repeat(2000));
        ExtractedText text = new ContentExtractor(new ExtractionLimits(1000, 1000)).extract(file);
        assertThat(text.mediaType()).isEqualTo("application/pdf");
        assertThat(text.status()).isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(text.reason()).contains("files over 1000 bytes");
        assertThat(text.text()).isEmpty();
    }

    @Test
    void plainTextStreamsThroughWhateverItsSizeWithinTheCharacterLimit() throws IOException {
        Path file = Files.writeString(dir.resolve("big.txt"), "あ".repeat(2000));
        ExtractedText text = new ContentExtractor(new ExtractionLimits(1000, 5000)).extract(file);
        assertThat(text.status()).isEqualTo(InspectionStatus.OK);
        assertThat(text.text()).hasSize(2000);
    }

    @Test
    void aLogInShiftJisIsDecodedByMamoriNotByTikasTextParser() throws IOException {
        // text/x-log is a kind of text/plain that no Tika parser names as its own
        byte[] bytes = "2026-12-07 10:00:00 ログイン 担当 山田 太郎 様\n".repeat(20)
                .getBytes(io.mamori.classifier.text.TextDecoder.SHIFT_JIS);
        Path file = Files.write(dir.resolve("app.log"), bytes);
        assertThat(EXTRACTOR.decodesItself(file)).isTrue();
        ExtractedText text = EXTRACTOR.extract(file);
        assertThat(text.status()).isEqualTo(InspectionStatus.OK);
        assertThat(text.text()).contains("担当 山田 太郎 様");
    }

    @Test
    void textBeyondTheCharacterLimitIsTooLargeWithWhatWasRead() throws IOException {
        Path file = Files.writeString(dir.resolve("long.txt"), "個人番号 123456789018 " + "あ".repeat(5000));
        ExtractedText text = new ContentExtractor(new ExtractionLimits(1_000_000, 100)).extract(file);
        assertThat(text.status()).isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(text.text()).hasSize(100).startsWith("個人番号 123456789018");
    }
}
