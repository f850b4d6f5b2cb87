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
