package io.mamori.classifier.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.finding.InspectionStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.common.usermodel.HyperlinkType;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.CreationHelper;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.Hyperlink;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.AreaReference;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain workbook read by Mamori through POI's event API gives the detectors what Tika's own
 * XSSF extractor gives them: the same text and the same cells, sheet by sheet; a workbook with
 * more in it is left to Tika. Synthetic data only.
 */
class PlainWorkbookTest {

    private static final ContentExtractor OURS = new ContentExtractor(ExtractionLimits.DEFAULT, OcrSettings.OFF, true);
    private static final ContentExtractor TIKA = new ContentExtractor(ExtractionLimits.DEFAULT, OcrSettings.OFF, false);

    @TempDir
    Path dir;

    @Test
    void cellsOfEveryKindComeOutAsTikaGivesThem() throws IOException {
        Path file = dir.resolve("顧客一覧.xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            book.getProperties().getCoreProperties().setTitle("顧客名簿 社外秘");
            CreationHelper helper = book.getCreationHelper();
            CellStyle date = book.createCellStyle();
            date.setDataFormat(helper.createDataFormat().getFormat("yyyy/mm/dd"));
            CellStyle percent = book.createCellStyle();
            percent.setDataFormat(helper.createDataFormat().getFormat("0.0%"));
            CellStyle yen = book.createCellStyle();
            yen.setDataFormat(helper.createDataFormat().getFormat("#,##0\"円\""));
            XSSFSheet sheet = book.createSheet("名簿");
            String[] header = {"氏名", "生年月日", "電話番号", "割合", "金額", "有効", "計", "備考"};
            Row top = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                top.createCell(c).setCellValue(header[c]);
            }
            Calendar birthday = Calendar.getInstance();
            for (int r = 1; r <= 40; r++) {
                Row row = sheet.createRow(r + (r > 20 ? 3 : 0)); // rows missing in the middle
                row.createCell(0).setCellValue("山田 太郎" + r);
                birthday.set(1970 + r, r % 12, 1 + r % 27);
                row.createCell(1).setCellValue(birthday);
                row.getCell(1).setCellStyle(date);
                row.createCell(2).setCellValue("090-0000-" + String.format("%04d", r));
                row.createCell(3).setCellValue(r / 100.0);
                row.getCell(3).setCellStyle(percent);
                row.createCell(4).setCellValue(1234.5 * r);
                row.getCell(4).setCellStyle(yen);
                row.createCell(5).setCellValue(r % 2 == 0);
                row.createCell(6).setCellFormula("E" + (row.getRowNum() + 1) + "*2");
                if (r % 3 == 0) { // a cell left out: the columns after it must still line up
                    XSSFRichTextString rich = new XSSFRichTextString("担当 佐藤　電話 03-0000-" + (1000 + r));
                    XSSFFont bold = book.createFont();
                    bold.setBold(true);
                    rich.applyFont(0, 2, bold);
                    row.createCell(7).setCellValue(rich);
                }
                row.createCell(9).setCellValue(1.0E15 + r); // a large number, in General format
            }
            sheet.createRow(50).createCell(0).setCellValue("改行\r\nとタブ\tを含む");
            book.getCreationHelper().createFormulaEvaluator().evaluateAll();
            sheet.getHeader().setCenter("&\"MS Gothic\"&14社外秘 &P / &N");
            sheet.getFooter().setLeft("作成 総務部");
            Sheet second = book.createSheet("退職者");
            second.createRow(2).createCell(3).setCellValue("user1@example.jp");
            write(book, file);
        }

        assertSameAsTika(file);
    }

    @Test
    void aStreamedWorkbookWithInlineStringsAndATableIsReadToo() throws IOException {
        Path file = dir.resolve("export.xlsx");
        try (SXSSFWorkbook book = new SXSSFWorkbook(100)) { // writes its strings inline
            Sheet sheet = book.createSheet("export");
            for (int r = 0; r < 300; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue(r == 0 ? "メールアドレス" : "user" + r + "@example.jp");
                row.createCell(1).setCellValue(r == 0 ? "郵便番号" : "100-" + String.format("%04d", r));
            }
            write(book, file);
        }
        assertSameAsTika(file);

        Path table = dir.resolve("table.xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            XSSFSheet sheet = book.createSheet("一覧");
            for (int r = 0; r < 5; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue(r == 0 ? "氏名" : "鈴木 花子" + r);
                row.createCell(1).setCellValue(r == 0 ? "住所" : "東京都千代田区千代田" + r + "-1");
            }
            sheet.createTable(new AreaReference(new CellReference(0, 0), new CellReference(4, 1),
                    book.getSpreadsheetVersion()));
            write(book, table);
        }
        assertSameAsTika(table);
    }

    @Test
    void phoneticGuidesAreReadAfterTheirTextAsTikaReadsThem() throws IOException {
        Path plain = oneCell(dir.resolve("plain.xlsx"), "PLACEHOLDER");
        // Excel keeps the reading typed for a Japanese name as phonetic runs (ルビ); POI puts each
        // after the text, a space before it
        Path file = dir.resolve("ふりがな.xlsx");
        rewriteEntry(plain, file, "xl/sharedStrings.xml", xml -> xml.replace("<t>PLACEHOLDER</t>",
                "<t>山田太郎</t><rPh sb=\"0\" eb=\"2\"><t>ヤマダ</t></rPh><rPh sb=\"2\" eb=\"4\"><t>タロウ</t></rPh>"
                        + "<phoneticPr fontId=\"1\"/>"));
        assertThat(OURS.extract(file).text()).contains("山田太郎 ヤマダ タロウ");
        assertSameAsTika(file);
    }

    @Test
    void aWorkbookWithMoreInItIsLeftToTika() throws IOException {
        Path comments = dir.resolve("comments.xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            XSSFSheet sheet = book.createSheet("s");
            Row row = sheet.createRow(0);
            row.createCell(0).setCellValue("氏名");
            Drawing<?> drawing = sheet.createDrawingPatriarch();
            ClientAnchor anchor = book.getCreationHelper().createClientAnchor();
            Comment comment = drawing.createCellComment(anchor);
            comment.setString(book.getCreationHelper().createRichTextString("個人番号は別紙"));
            row.getCell(0).setCellComment(comment);
            write(book, comments);
        }
        Path links = dir.resolve("links.xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            XSSFSheet sheet = book.createSheet("s");
            Hyperlink link = book.getCreationHelper().createHyperlink(HyperlinkType.EMAIL);
            link.setAddress("mailto:user9@example.jp");
            sheet.createRow(0).createCell(0).setCellValue("連絡先");
            sheet.getRow(0).getCell(0).setHyperlink(link);
            write(book, links);
        }
        assertThat(readAsPlain(comments)).isFalse();
        assertThat(OURS.extract(comments).text()).contains("個人番号は別紙");
        assertThat(readAsPlain(links)).isFalse();
        assertThat(OURS.extract(links).text()).contains("user9@example.jp");
    }

    @Test
    void theLimitsHoldOnAPlainWorkbookAsOnAnyOther() throws IOException {
        Path file = dir.resolve("long.xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            XSSFSheet sheet = book.createSheet("s");
            String text = "あ".repeat(1000);
            for (int r = 0; r < 3000; r++) { // one string, 3,000 times: 3 million characters from a small file
                sheet.createRow(r).createCell(0).setCellValue(text);
            }
            write(book, file);
        }
        assertThat(readAsPlain(file)).isTrue();

        ExtractionLimits fewChars = new ExtractionLimits(10_000_000, 5000);
        ExtractedText cut = new ContentExtractor(fewChars, OcrSettings.OFF, true).extract(file);
        assertThat(cut.status()).isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(cut.reason()).isEqualTo(new ContentExtractor(fewChars, OcrSettings.OFF, false).extract(file).reason());

        ExtractedText ours = OURS.extract(file);
        ExtractedText tika = TIKA.extract(file);
        assertThat(tika.status()).isEqualTo(InspectionStatus.TOO_LARGE); // Tika's expansion ratio limit
        assertThat(ours.status()).isEqualTo(tika.status());
        // the same limit, in the same words; the count differs by the head's lines of metadata
        assertThat(ours.reason().replaceAll("\\d+ output", "N output")).contains("expansion ratio")
                .isEqualTo(tika.reason().replaceAll("\\d+ output", "N output"));
    }

    @Test
    void aBrokenPlainWorkbookIsCorruptAsThroughTika() throws IOException {
        Path plain = oneCell(dir.resolve("ok.xlsx"), "氏名");
        Path broken = dir.resolve("broken.xlsx");
        // the cell names shared string 99 of 1
        rewriteEntry(plain, broken, "xl/worksheets/sheet1.xml", xml -> xml.replace("<v>0</v>", "<v>99</v>"));
        assertThat(readAsPlain(broken)).isTrue();

        ExtractedText ours = OURS.extract(broken);
        assertThat(ours.status()).isEqualTo(InspectionStatus.CORRUPT).isEqualTo(TIKA.extract(broken).status());
        assertThat(ours.reason()).contains("could not be parsed");
    }

    private void assertSameAsTika(Path file) {
        assertThat(readAsPlain(file)).as("read as a plain workbook").isTrue();
        ExtractedText ours = OURS.extract(file);
        ExtractedText tika = TIKA.extract(file);
        assertThat(ours.status()).isEqualTo(InspectionStatus.OK);
        assertThat(tika.status()).isEqualTo(InspectionStatus.OK);
        assertThat(ours.mediaType()).isEqualTo(tika.mediaType());
        // the head holds one line per metadata value, and Tika knows more of those: the text
        // after it, and every cell, must be the same
        assertThat(collapsed(ours.text())).isEqualTo(collapsed(tika.text()));
        assertThat(cells(ours)).isEqualTo(cells(tika)).isNotEmpty();
    }

    private static String collapsed(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static List<String> cells(ExtractedText extracted) {
        List<String> cells = new ArrayList<>();
        TableLayout layout = extracted.tables();
        for (int i = 0; i < layout.size(); i++) {
            cells.add(layout.table(i) + "/" + layout.row(i) + "/" + layout.column(i) + " "
                    + extracted.text().substring(layout.start(i), layout.end(i)));
        }
        return cells;
    }

    private static boolean readAsPlain(Path file) {
        Metadata metadata = new Metadata();
        try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
            TikaConfig.getDefaultConfig().getDetector().detect(in, metadata);
            return PlainWorkbook.of(in, PlainWorkbook.XLSX) != null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A workbook of one sheet holding one text cell, its string the first shared one. */
    private static Path oneCell(Path file, String text) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            book.createSheet("s").createRow(0).createCell(0).setCellValue(text);
            write(book, file);
        }
        return file;
    }

    private static void write(Workbook book, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            book.write(out);
        }
    }

    private static void rewriteEntry(Path from, Path to, String entry, java.util.function.UnaryOperator<String> change)
            throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            ZipEntry next;
            while ((next = in.getNextEntry()) != null) {
                byte[] bytes = in.readAllBytes();
                if (next.getName().equals(entry)) {
                    bytes = change.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(next.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
    }
}
