package io.mamori.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.extract.ExtractionLimits;
import io.mamori.classifier.text.TextDecoder;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text inspected in pieces gives what it gives read whole: the same counts per type and
 * confidence, the same samples, the same people estimate — for tables whose header is far above
 * the rows, prose, spreadsheets and documents through Tika, tables inside archives, and one
 * endless line. The pieces here are as small as pieces go (8,192 characters), so every file is
 * cut many times, on two threads. All data is generated: made-up names, example.jp addresses.
 */
class ChunkedDetectionTest {

    private static final int SMALLEST_PIECE = 4 * ChunkedDetection.CONTEXT;
    private static final String[] FAMILY = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"};
    private static final String[] GIVEN = {"太郎", "花子", "一郎", "美咲", "翔太", "陽菜", "大輔", "結衣"};
    private static final String[] TOWNS = {"東京都新宿区西新宿", "大阪府大阪市北区梅田", "愛知県名古屋市中区栄", "福岡県福岡市博多区博多駅前"};

    @TempDir
    Path dir;

    private final Classifier whole = new Classifier(ClassifierConfig.defaults(), Integer.MAX_VALUE / 2, 1);
    private final Classifier pieces = new Classifier(ClassifierConfig.defaults(), SMALLEST_PIECE, 2);

    @Test
    void aLongTableGivesTheSameCountsAndPeopleInPiecesAsWhole() throws IOException {
        Path csv = Files.writeString(dir.resolve("customers.csv"), customers(3000, new Random(1)));
        Classification expected = whole.classify(csv);
        Classification actual = pieces.classify(csv);
        assertSame(expected, actual);
        assertThat(actual.status()).isEqualTo(InspectionStatus.OK);
        assertThat(actual.people()).isEqualTo(3000);
        // a date of birth is HIGH only under its 生年月日 header: the header reached the last piece
        assertThat(count(actual, FindingType.DATE_OF_BIRTH, Confidence.HIGH)).isEqualTo(3000);
    }

    @Test
    void proseGivesTheSameFindingsInPiecesAsWhole() throws IOException {
        Random random = new Random(2);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 120_000; i++) {
            text.append("本件の担当 ").append(name(random)).append("（社員番号 ").append(10000 + i).append("）が対応します。\n")
                    .append("連絡先：").append(phone(random)).append("　メール：user").append(i).append("@example.jp\n")
                    .append("来期の計画について、各部門の責任者と打ち合わせを行いました。資料は共有フォルダにあります。\n");
            if (i % 40 == 0) {
                text.append("【社外秘】\n");
            }
        }
        Path file = Files.writeString(dir.resolve("minutes.txt"), text);
        assertSame(whole.classify(file), pieces.classify(file));
    }

    @Test
    void oneEndlessLineIsCutWhereItMustBeAndStillCountsEachValueOnce() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; line.length() < 60_000; i++) {
            line.append(" 連絡先 user").append(i).append("@example.jp 様");
        }
        Path file = Files.writeString(dir.resolve("one-line.txt"), line);
        Classification actual = pieces.classify(file);
        assertSame(whole.classify(file), actual);
        assertThat(actual.summaries().stream().filter(s -> s.type() == FindingType.EMAIL)
                .mapToInt(FindingSummary::count).sum()).isGreaterThan(2000);
    }

    @Test
    void aSpreadsheetReadByTikaGivesTheSameInPiecesAsWhole() throws IOException {
        Path xlsx = dir.resolve("members.xlsx");
        Random random = new Random(3);
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(xlsx)) {
            Sheet sheet = workbook.createSheet("会員");
            Row header = sheet.createRow(0);
            String[] labels = {"氏名", "生年月日", "電話番号", "住所"};
            for (int c = 0; c < labels.length; c++) {
                header.createCell(c).setCellValue(labels[c]);
            }
            for (int r = 1; r <= 1500; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue(name(random));
                row.createCell(1).setCellValue(birthDate(random));
                row.createCell(2).setCellValue(phone(random));
                row.createCell(3).setCellValue(address(random));
            }
            workbook.write(out);
        }
        Classification actual = pieces.classify(xlsx);
        assertSame(whole.classify(xlsx), actual);
        assertThat(actual.people()).isEqualTo(1500);
        assertThat(count(actual, FindingType.DATE_OF_BIRTH, Confidence.HIGH)).isEqualTo(1500);
    }

    @Test
    void aTableInsideAnArchiveKeepsItsHeaderAcrossPieces() throws IOException {
        Path zip = dir.resolve("export.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("顧客データの書き出しです。\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("customers.csv"));
            out.write(customers(2000, new Random(4)).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Classification actual = pieces.classify(zip);
        assertSame(whole.classify(zip), actual);
        assertThat(actual.status()).isEqualTo(InspectionStatus.OK);
        assertThat(actual.people()).isEqualTo(2000);
        assertThat(count(actual, FindingType.DATE_OF_BIRTH, Confidence.HIGH)).isEqualTo(2000);
    }

    @Test
    void aTableEntryTooLargeToHoldStreamsWithItsHeader() throws IOException {
        // over 16 MB: the entry is not read into memory first but streamed as it is unpacked
        Path zip = dir.resolve("dump.zip");
        int rows = 0;
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("customers.csv"));
            String csv = customers(20_000, new Random(7));
            byte[] first = csv.getBytes(StandardCharsets.UTF_8);
            String body = csv.substring(csv.indexOf('\n') + 1);
            byte[] more = body.getBytes(StandardCharsets.UTF_8);
            out.write(first);
            rows = 20_000;
            long written = first.length;
            while (written <= 17L * 1024 * 1024) {
                out.write(more);
                written += more.length;
                rows += 20_000;
            }
            out.closeEntry();
        }
        Classifier streaming = new Classifier(ClassifierConfig.defaults());
        Classification result = streaming.classify(zip);
        assertThat(result.status()).as(result.reason()).isEqualTo(InspectionStatus.OK);
        assertThat(count(result, FindingType.DATE_OF_BIRTH, Confidence.HIGH)).isEqualTo(rows);
        assertThat(count(result, FindingType.EMAIL, Confidence.HIGH)).isEqualTo(rows);
    }

    @Test
    void whatLooksLikeATableButIsNotIsReadAgainAsText() throws IOException {
        StringBuilder text = new StringBuilder("a,b,c\n1,2,3\n4,5,6\n");
        text.append("x,\"an opening quote that never closes\n");
        for (int i = 0; i < 2000; i++) {
            text.append("連絡先 user").append(i).append("@example.jp\n");
        }
        Path file = Files.writeString(dir.resolve("notes.csv"), text);
        Classification actual = pieces.classify(file);
        assertSame(whole.classify(file), actual);
        assertThat(actual.status()).isEqualTo(InspectionStatus.OK);
        assertThat(count(actual, FindingType.EMAIL, Confidence.HIGH) + count(actual, FindingType.EMAIL, Confidence.MEDIUM))
                .isEqualTo(2000);
    }

    @Test
    void shiftJisIsRecognisedFromTheHeadEvenWhenACharacterIsCutThere() throws IOException {
        // the head the charset is chosen from ends in the middle of a two-byte character
        StringBuilder text = new StringBuilder("氏名,電話番号\n");
        Random random = new Random(5);
        while (text.toString().getBytes(TextDecoder.SHIFT_JIS).length < 200_000) {
            text.append(name(random)).append(',').append(phone(random)).append('\n');
        }
        byte[] bytes = text.toString().getBytes(TextDecoder.SHIFT_JIS);
        Path file = Files.write(dir.resolve("sjis.csv"), bytes);
        Classification actual = pieces.classify(file);
        assertThat(actual.status()).as(actual.reason()).isEqualTo(InspectionStatus.OK);
        assertSame(whole.classify(file), actual);
        assertThat(actual.people()).isEqualTo(text.toString().split("\n").length - 1);
    }

    @Test
    void theCharsetOfATextWhoseFirstPartIsAsciiIsChosenWhereTheJapaneseBegins() throws IOException {
        // a log of ASCII lines, then Shift_JIS: the first 64 KiB say nothing about the charset
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; ascii.length() < 100_000; i++) {
            ascii.append("2026-12-07T10:00:00 INFO batch ").append(i).append(" done\n");
        }
        StringBuilder japanese = new StringBuilder("氏名,電話番号\n");
        Random random = new Random(8);
        for (int i = 0; i < 500; i++) {
            japanese.append("顧客 ").append(name(random)).append(" 様 電話番号 ").append(phone(random)).append('\n');
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(ascii.toString().getBytes(StandardCharsets.US_ASCII));
        bytes.write(japanese.toString().getBytes(TextDecoder.SHIFT_JIS));
        Path file = Files.write(dir.resolve("batch.log"), bytes.toByteArray());
        Classification result = pieces.classify(file);
        assertThat(result.status()).as(result.reason()).isEqualTo(InspectionStatus.OK);
        assertSame(whole.classify(file), result);
        assertThat(count(result, FindingType.JP_PHONE, Confidence.HIGH) + count(result, FindingType.JP_PHONE,
                Confidence.MEDIUM)).isEqualTo(500);
    }

    @Test
    void theCharacterLimitStillHoldsInPieces() throws IOException {
        Path csv = Files.writeString(dir.resolve("customers.csv"), customers(3000, new Random(6)));
        Classifier limited = new Classifier(ClassifierConfig.defaults().withLimits(
                new ExtractionLimits(ExtractionLimits.DEFAULT.maxFileBytes(), 50_000)), SMALLEST_PIECE, 2);
        Classification result = limited.classify(csv);
        assertThat(result.status()).isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(result.reason()).contains("character limit");
        assertThat(result.people()).isBetween(1, 2999);
    }

    private static void assertSame(Classification expected, Classification actual) {
        assertThat(actual.status()).isEqualTo(expected.status());
        assertThat(actual.summaries()).isEqualTo(expected.summaries());
        assertThat(actual.people()).isEqualTo(expected.people());
        assertThat(actual.reportable()).isEqualTo(expected.reportable());
        assertThat(actual.findings()).isEqualTo(expected.findings());
    }

    private static int count(Classification result, FindingType type, Confidence confidence) {
        return result.summaries().stream().filter(s -> s.type() == type && s.confidence() == confidence)
                .mapToInt(FindingSummary::count).sum();
    }

    static String customers(int rows, Random random) {
        StringBuilder csv = new StringBuilder("顧客番号,氏名,生年月日,住所,電話番号,メールアドレス,備考\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(String.format("C%08d,%s,%s,%s,%s,user%d@example.jp,%s%n", i, name(random), birthDate(random),
                    address(random), phone(random), i, List.of("", "優良顧客", "要確認").get(random.nextInt(3))));
        }
        return csv.toString();
    }

    private static String name(Random random) {
        return FAMILY[random.nextInt(FAMILY.length)] + " " + GIVEN[random.nextInt(GIVEN.length)];
    }

    private static String birthDate(Random random) {
        return (1950 + random.nextInt(50)) + "/" + (1 + random.nextInt(12)) + "/" + (1 + random.nextInt(28));
    }

    private static String address(Random random) {
        return TOWNS[random.nextInt(TOWNS.length)] + (1 + random.nextInt(9)) + "-" + (1 + random.nextInt(30)) + "-"
                + (1 + random.nextInt(20));
    }

    private static String phone(Random random) {
        return String.format("090-%04d-%04d", random.nextInt(10000), random.nextInt(10000));
    }
}
