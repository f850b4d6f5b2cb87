package io.mamori.classifier.corpus;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Writes a {@link Doc} as .txt, .csv, .docx, .xlsx or .pdf, the way people write these files:
 * tables as real tables where the format has them; in PDF, whose text has no table structure,
 * each row as labelled lines (as forms and printed lists are).
 */
final class CorpusFormats {

    /** Japanese TrueType fonts PDFBox can embed, in order of preference. */
    static final List<Path> JAPANESE_FONTS = List.of(
            Path.of("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"),
            Path.of("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"));

    private CorpusFormats() {
    }

    static Path japaneseFont() {
        for (Path font : JAPANESE_FONTS) {
            if (Files.isRegularFile(font)) {
                return font;
            }
        }
        return null;
    }

    static void txt(Doc doc, Path file, Charset charset) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, charset)) {
            for (Doc.Block block : doc.blocks) {
                if (block instanceof Doc.Paragraph paragraph) {
                    out.write(paragraph.text());
                    out.write('\n');
                } else if (block instanceof Doc.Table table) {
                    out.write(String.join("\t", table.header()));
                    out.write('\n');
                    for (List<String> row : table.rows()) {
                        out.write(String.join("\t", row));
                        out.write('\n');
                    }
                }
            }
        }
    }

    /**
     * The document as CSV (RFC 4180, CRLF as Excel writes it): paragraphs as one-cell rows, as a
     * spreadsheet's title rows are exported, then the table.
     */
    static void csv(Doc doc, Path file, Charset charset) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, charset);
                CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            for (Doc.Block block : doc.blocks) {
                if (block instanceof Doc.Paragraph paragraph) {
                    printer.printRecord(paragraph.text());
                } else if (block instanceof Doc.Table table) {
                    printer.printRecord(table.header());
                    for (List<String> row : table.rows()) {
                        printer.printRecord(row);
                    }
                }
            }
        }
    }

    static void docx(Doc doc, Path file) throws IOException {
        try (XWPFDocument word = new XWPFDocument(); OutputStream out = Files.newOutputStream(file)) {
            for (Doc.Block block : doc.blocks) {
                if (block instanceof Doc.Paragraph paragraph) {
                    word.createParagraph().createRun().setText(paragraph.text());
                } else if (block instanceof Doc.Table table) {
                    XWPFTable grid = word.createTable(table.rows().size() + 1, table.header().size());
                    fill(grid.getRow(0), table.header());
                    for (int r = 0; r < table.rows().size(); r++) {
                        fill(grid.getRow(r + 1), table.rows().get(r));
                    }
                    word.createParagraph();
                }
            }
            word.write(out);
        }
    }

    private static void fill(XWPFTableRow row, List<String> cells) {
        for (int c = 0; c < cells.size(); c++) {
            row.getCell(c).setText(cells.get(c));
        }
    }

    /** Paragraphs become rows of text above the table on the first sheet, as titles usually are. */
    static void xlsx(Doc doc, Path file) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = book.createSheet("Sheet1");
            int r = 0;
            for (Doc.Block block : doc.blocks) {
                if (block instanceof Doc.Paragraph paragraph) {
                    sheet.createRow(r++).createCell(0).setCellValue(paragraph.text());
                } else if (block instanceof Doc.Table table) {
                    Row header = sheet.createRow(r++);
                    for (int c = 0; c < table.header().size(); c++) {
                        header.createCell(c).setCellValue(table.header().get(c));
                    }
                    for (List<String> cells : table.rows()) {
                        Row row = sheet.createRow(r++);
                        for (int c = 0; c < cells.size(); c++) {
                            row.createCell(c).setCellValue(cells.get(c));
                        }
                    }
                }
            }
            book.write(out);
        }
    }

    static void pdf(Doc doc, Path file, Path font) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Doc.Block block : doc.blocks) {
            if (block instanceof Doc.Paragraph paragraph) {
                lines.add(paragraph.text());
            } else if (block instanceof Doc.Table table) {
                for (List<String> row : table.rows()) {
                    for (int c = 0; c < row.size(); c++) {
                        lines.add(table.header().get(c) + "：" + row.get(c));
                    }
                    lines.add("");
                }
            }
        }
        try (PDDocument pdf = new PDDocument()) {
            PDType0Font japanese = PDType0Font.load(pdf, font.toFile());
            float fontSize = 10.5f;
            float leading = 15f;
            float top = PDRectangle.A4.getHeight() - 56;
            PDPageContentStream stream = null;
            float y = 0;
            for (String line : lines) {
                if (stream == null || y < 56) {
                    if (stream != null) {
                        stream.endText();
                        stream.close();
                    }
                    PDPage page = new PDPage(PDRectangle.A4);
                    pdf.addPage(page);
                    stream = new PDPageContentStream(pdf, page);
                    stream.beginText();
                    stream.setFont(japanese, fontSize);
                    stream.newLineAtOffset(56, top);
                    y = top;
                }
                stream.showText(line);
                stream.newLineAtOffset(0, -leading);
                y -= leading;
            }
            if (stream != null) {
                stream.endText();
                stream.close();
            }
            pdf.save(file.toFile());
        }
    }

}
