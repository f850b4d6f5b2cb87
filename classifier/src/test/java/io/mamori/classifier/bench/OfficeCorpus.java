package io.mamori.classifier.bench;

import io.mamori.classifier.corpus.SyntheticIdentifiersAccess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * A mixed office corpus for the whole-file benchmark: .docx, .xlsx, .pptx, .pdf and .csv with
 * Japanese text of various sizes, plus a set of ~100 KB .docx files for the latency target.
 */
final class OfficeCorpus {

    private final Random random = new Random(7);
    private final SyntheticIdentifiersAccess ids = new SyntheticIdentifiersAccess(new Random(8));
    private final VariedText varied = new VariedText(9);

    private OfficeCorpus() {
    }

    /** Writes the corpus; returns the mixed files and the 100 KB .docx files. */
    static List<List<Path>> write(Path directory) throws IOException {
        Files.createDirectories(directory);
        OfficeCorpus corpus = new OfficeCorpus();
        List<Path> mixed = new ArrayList<>();
        int[] kilobytes = {20, 50, 100, 200, 400, 800};
        int n = 0;
        for (int round = 0; round < 2; round++) {
            for (int size : kilobytes) {
                mixed.add(corpus.docx(directory.resolve("doc-" + n + ".docx"), size));
                mixed.add(corpus.xlsx(directory.resolve("sheet-" + n + ".xlsx"), size));
                mixed.add(corpus.pptx(directory.resolve("slides-" + n + ".pptx"), size));
                mixed.add(corpus.pdf(directory.resolve("report-" + n + ".pdf"), size));
                mixed.add(corpus.csv(directory.resolve("list-" + n + ".csv"), size));
                n++;
            }
        }
        List<Path> hundred = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            hundred.add(corpus.docxOfFileSize(directory.resolve("100k-" + i + ".docx"), 100 * 1024));
        }
        return List.of(mixed, hundred);
    }

    private String text(int kilobytesOfText) {
        int characters = kilobytesOfText * 1024 / 3; // mostly three-byte characters
        return varied.text(characters) + "個人番号：" + ids.myNumber() + "\n";
    }

    private Path docx(Path file, int kilobytesOfText) throws IOException {
        try (XWPFDocument document = new XWPFDocument(); OutputStream out = Files.newOutputStream(file)) {
            for (String line : text(kilobytesOfText).split("\n")) {
                document.createParagraph().createRun().setText(line);
            }
            document.write(out);
        }
        return file;
    }

    /** A .docx whose file size is close to {@code bytes}. */
    private Path docxOfFileSize(Path file, int bytes) throws IOException {
        int text = bytes * 2 / 1024;
        for (int attempt = 0; attempt < 6; attempt++) {
            docx(file, text);
            long size = Files.size(file);
            if (Math.abs(size - bytes) < bytes / 10) {
                break;
            }
            text = (int) (text * (double) bytes / size);
        }
        return file;
    }

    private Path xlsx(Path file, int kilobytesOfText) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = book.createSheet("名簿");
            Row header = sheet.createRow(0);
            String[] columns = {"氏名", "電話番号", "メモ", "金額"};
            for (int c = 0; c < columns.length; c++) {
                header.createCell(c).setCellValue(columns[c]);
            }
            String[] lines = text(kilobytesOfText).split("\n");
            for (int r = 0; r < lines.length; r++) {
                Row row = sheet.createRow(r + 1);
                row.createCell(0).setCellValue("山田 太郎");
                row.createCell(1).setCellValue("090-" + (1000 + random.nextInt(9000)) + "-" + (1000 + random.nextInt(9000)));
                row.createCell(2).setCellValue(lines[r]);
                row.createCell(3).setCellValue(random.nextInt(1_000_000));
            }
            book.write(out);
        }
        return file;
    }

    private Path pptx(Path file, int kilobytesOfText) throws IOException {
        try (XMLSlideShow show = new XMLSlideShow(); OutputStream out = Files.newOutputStream(file)) {
            String[] lines = text(kilobytesOfText).split("\n");
            for (int i = 0; i < lines.length; i += 12) {
                XSLFSlide slide = show.createSlide();
                XSLFTextBox box = slide.createTextBox();
                box.setText(String.join("\n", java.util.Arrays.copyOfRange(lines, i, Math.min(lines.length, i + 12))));
            }
            show.write(out);
        }
        return file;
    }

    private Path pdf(Path file, int kilobytesOfText) throws IOException {
        String[] lines = text(kilobytesOfText).split("\n");
        try (PDDocument document = new PDDocument()) {
            PDType0Font font = PDType0Font.load(document, Path.of("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf")
                    .toFile());
            for (int i = 0; i < lines.length; i += 45) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                    stream.beginText();
                    stream.setFont(font, 8);
                    stream.newLineAtOffset(30, 760);
                    for (int j = i; j < Math.min(lines.length, i + 45); j++) {
                        String line = lines[j].replace('\t', ' ');
                        stream.showText(line.length() > 70 ? line.substring(0, 70) : line);
                        stream.newLineAtOffset(0, -16);
                    }
                    stream.endText();
                }
            }
            document.save(file.toFile());
        }
        return file;
    }

    private Path csv(Path file, int kilobytesOfText) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("氏名,電話番号,メモ\n");
            for (String line : text(kilobytesOfText).split("\n")) {
                out.write("山田 太郎,090-1234-5678,\"" + line.replace("\"", "'") + "\"\n");
            }
        }
        return file;
    }
}
