package io.mamori.classifier.inspect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Builds the hostile and awkward files of the robustness suite. All content is synthetic. */
final class HostileFiles {

    static final String PERSONAL = "氏名：山田 太郎\n個人番号：1234-5678-9018\n";
    static final Path FONT = Path.of("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf");

    private HostileFiles() {
    }

    /** A zip whose one text entry expands to {@code megabytes} MB (deflate squeezes it ~1000:1). */
    static Path zipBomb(Path file, int megabytes) throws IOException {
        byte[] line = "この行は何度も繰り返されます。個人情報はありません。\n".getBytes(StandardCharsets.UTF_8);
        byte[] block = new byte[line.length * 4096];
        for (int i = 0; i < 4096; i++) {
            System.arraycopy(line, 0, block, i * line.length, line.length);
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("bomb.txt"));
            long target = megabytes * 1024L * 1024L;
            for (long written = 0; written < target; written += block.length) {
                zip.write(block);
            }
            zip.closeEntry();
        }
        return file;
    }

    /** A zip holding {@code name} with {@code content}. */
    static byte[] zipOf(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** {@code text} inside {@code depth} nested zips. */
    static Path nestedZips(Path file, int depth, String text) throws IOException {
        byte[] content = zipOf("inner.txt", text.getBytes(StandardCharsets.UTF_8));
        for (int level = 1; level < depth; level++) {
            content = zipOf("level" + level + ".zip", content);
        }
        return Files.write(file, content);
    }

    static Path spreadsheet(Path file, String cell) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            book.createSheet("名簿").createRow(0).createCell(0).setCellValue(cell);
            book.write(out);
        }
        return file;
    }

    /** An .xlsx protected with a password (agile encryption, as Excel writes it). */
    /**
     * A minimal .xlsx whose shared-strings part holds {@code strings} distinct short strings: its
     * parser (POI's read-only shared strings table) keeps them all in memory, whatever the heap.
     */
    static Path workbookWithManySharedStrings(Path file, int strings) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            put(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                    + "</Types>");
            put(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    + "</Relationships>");
            put(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                    + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                    + "<sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            put(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                    + "</Relationships>");
            put(zip, "xl/worksheets/sheet1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                    + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>");
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            StringBuilder part = new StringBuilder(1 << 16);
            part.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"")
                    .append(strings).append("\" uniqueCount=\"").append(strings).append("\">");
            for (int i = 0; i < strings; i++) {
                part.append("<si><t>").append(Integer.toString(i, 36)).append("</t></si>");
                if (part.length() > 60_000) {
                    zip.write(part.toString().getBytes(StandardCharsets.UTF_8));
                    part.setLength(0);
                }
            }
            part.append("</sst>");
            zip.write(part.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    static Path encryptedSpreadsheet(Path file) throws Exception {
        Path plain = spreadsheet(Files.createTempFile("plain", ".xlsx"), PERSONAL);
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("synthetic-password");
            try (OPCPackage opc = OPCPackage.open(plain.toFile()); OutputStream os = encryptor.getDataStream(fs)) {
                opc.save(os);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                fs.writeFilesystem(out);
            }
        } finally {
            Files.deleteIfExists(plain);
        }
        return file;
    }

    static Path pdf(Path file, String... lines) throws IOException {
        try (PDDocument document = new PDDocument()) {
            writePage(document, lines);
            document.save(file.toFile());
        }
        return file;
    }

    /** A PDF that opens only with a user password. */
    static Path encryptedPdf(Path file) throws IOException {
        try (PDDocument document = new PDDocument()) {
            writePage(document, PERSONAL.split("\n"));
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret",
                    new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            document.save(file.toFile());
        }
        return file;
    }

    private static void writePage(PDDocument document, String... lines) throws IOException {
        PDPage page = new PDPage();
        document.addPage(page);
        PDType0Font font = PDType0Font.load(document, FONT.toFile());
        try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
            stream.beginText();
            stream.setFont(font, 12);
            stream.newLineAtOffset(50, 700);
            for (String line : lines) {
                stream.showText(line);
                stream.newLineAtOffset(0, -16);
            }
            stream.endText();
        }
    }

    static Path truncated(Path source, Path file, double keep) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        return Files.write(file, Arrays.copyOf(bytes, (int) (bytes.length * keep)));
    }

    /** A file of {@code bytes} that takes no disk space. */
    static Path sparse(Path file, long bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(bytes);
        }
        return file;
    }
}
