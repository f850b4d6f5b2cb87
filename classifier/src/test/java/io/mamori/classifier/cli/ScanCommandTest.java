package io.mamori.classifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mamori.classifier.ClassifierConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        List<JsonNode> lines() throws IOException {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    nodes.add(new ObjectMapper().readTree(line));
                }
            }
            return nodes;
        }
    }

    private static Run scan(Locale locale, String... args) {
        String[] inProcess = new String[args.length + 1];
        inProcess[0] = "--in-process";
        System.arraycopy(args, 0, inProcess, 1, args.length);
        return scanWith(locale, inProcess);
    }

    private static Run scanWith(Locale locale, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScanCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), locale, ClassifierConfig.defaults());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void jsonHasExactlyTheDocumentedFieldsInOrder() throws IOException {
        Path file = write("申込書.txt", "氏名：山田 太郎\n個人番号：1234-5678-9018\nカード番号 4111-1111-1111-1111\n");
        Run run = scan(Locale.ENGLISH, "--json", file.toString());
        assertThat(run.exit()).isEqualTo(ScanCommand.FOUND);
        JsonNode line = run.lines().get(0);
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = line.fieldNames(); it.hasNext();) {
            fields.add(it.next());
        }
        assertThat(fields).containsExactly("path", "mediaType", "status", "sha256", "findings", "people", "reportable",
                "elapsedMs");
        assertThat(line.get("status").asText()).isEqualTo("OK");
        assertThat(line.get("sha256").asText()).hasSize(64);
        assertThat(line.get("reportable").toString()).isEqualTo("[\"FINANCIAL\"]");
        JsonNode myNumber = line.get("findings").get(0);
        assertThat(myNumber.get("type").asText()).isEqualTo("JP_MY_NUMBER");
        assertThat(myNumber.get("confidence").asText()).isEqualTo("HIGH");
        assertThat(myNumber.get("count").asInt()).isEqualTo(1);
        assertThat(myNumber.get("samples").get(0).asText()).isEqualTo("1234-****-**18");
        assertThat(run.out()).doesNotContain("123456789018").doesNotContain("5678-9018").doesNotContain("山田 太郎");
    }

    @Test
    void minConfidenceFiltersFindingsAndDecidesTheExitStatus() throws IOException {
        Path file = write("番号.txt", "整理番号 123456789018\n"); // a valid My Number without a keyword: LOW
        Run medium = scan(Locale.ENGLISH, "--json", file.toString());
        assertThat(medium.exit()).isEqualTo(ScanCommand.NOTHING_FOUND);
        assertThat(medium.lines().get(0).get("findings").size()).isZero();
        Run low = scan(Locale.ENGLISH, "--json", "--min-confidence", "low", file.toString());
        assertThat(low.exit()).isEqualTo(ScanCommand.FOUND);
        assertThat(low.lines().get(0).get("findings").get(0).get("confidence").asText()).isEqualTo("LOW");
    }

    @Test
    void directoriesAreSearchedRecursivelyInOrder() throws IOException {
        Files.createDirectories(dir.resolve("a/b"));
        write("a/b/深い.txt", "メール: hanako@example.jp");
        write("a/浅い.txt", "こんにちは");
        Run run = scan(Locale.ENGLISH, "--json", dir.toString());
        assertThat(run.lines()).extracting(n -> Path.of(n.get("path").asText()).getFileName().toString())
                .containsExactly("深い.txt", "浅い.txt");
        assertThat(run.exit()).isEqualTo(ScanCommand.FOUND);
    }

    @Test
    void anEmptyFileIsCleanAndInspected() throws IOException {
        Run run = scan(Locale.ENGLISH, "--json", write("empty.txt", "").toString());
        assertThat(run.exit()).isEqualTo(ScanCommand.NOTHING_FOUND);
        assertThat(run.lines().get(0).get("status").asText()).isEqualTo("OK");
    }

    @Test
    void binaryContentIsUnsupportedWithAReasonAndNeverClean() throws IOException {
        byte[] bytes = new byte[20_000];
        new Random(5).nextBytes(bytes);
        Path file = Files.write(dir.resolve("blob.dat"), bytes);
        Run run = scan(Locale.ENGLISH, "--json", file.toString());
        JsonNode line = run.lines().get(0);
        assertThat(line.get("status").asText()).isEqualTo("UNSUPPORTED");
        assertThat(line.get("reason").asText()).isNotBlank();
        assertThat(run.exit()).isEqualTo(ScanCommand.ERROR);
    }

    @Test
    void invalidEncodingIsCorruptButTheReadablePartIsInspected() throws IOException {
        byte[] head = "abc".getBytes(StandardCharsets.UTF_8);
        byte[] broken = {(byte) 0x80, (byte) 0xFF};
        byte[] tail = "個人番号 123456789018\n".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("broken.txt");
        Files.write(file, concat(head, broken, tail));
        Run run = scan(Locale.ENGLISH, "--json", file.toString());
        JsonNode line = run.lines().get(0);
        assertThat(line.get("status").asText()).isEqualTo("CORRUPT");
        assertThat(line.get("findings").get(0).get("type").asText()).isEqualTo("JP_MY_NUMBER");
        assertThat(run.exit()).isEqualTo(ScanCommand.FOUND);
    }

    @Test
    void aHugeSingleLineIsInspectedWithoutTrouble() throws IOException {
        StringBuilder line = new StringBuilder(9_000_000);
        while (line.length() < 9_000_000) { // under the 10 million character limit
            line.append("データ1234 abc ");
        }
        line.append("マイナンバー 123456789018");
        Path file = Files.writeString(dir.resolve("huge.txt"), line);
        Run run = scan(Locale.ENGLISH, "--json", file.toString());
        JsonNode result = run.lines().get(0);
        assertThat(result.get("status").asText()).isEqualTo("OK");
        assertThat(result.get("findings").get(0).get("type").asText()).isEqualTo("JP_MY_NUMBER");
    }

    @Test
    void aMissingPathIsAnError() {
        Run run = scan(Locale.ENGLISH, dir.resolve("nothing-here").toString());
        assertThat(run.exit()).isEqualTo(ScanCommand.ERROR);
        assertThat(run.err()).contains("no such file or directory");
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run run = scanWith(Locale.ENGLISH, "--min-confidence", "EXTREME", "x");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("EXTREME");
    }

    @Test
    void humanOutputIsInTheUsersLanguage() throws IOException {
        Path file = write("名簿.txt", "氏名：山田 太郎\n");
        Run english = scan(Locale.ENGLISH, file.toString());
        Run japanese = scan(Locale.JAPANESE, file.toString());
        assertThat(english.out()).contains("status: inspected").contains("JP_PERSON_NAME").contains("山* 太*");
        assertThat(japanese.out()).contains("状態: 検査済み").contains("JP_PERSON_NAME");
        assertThat(japanese.out()).doesNotContain("山田");
    }

    @Test
    void customTypesComeFromAPolicyFile() throws IOException {
        Path policy = write("policy.json", """
                {"format":1,"name":"t","version":1,"issuedAt":"2026-11-23T00:00:00Z","defaultFileAction":"ALLOW",
                 "uninspectable":{"action":"AUDIT"},
                 "customDetectors":[{"name":"aoba","keywords":["プロジェクト青葉"],"confidence":"HIGH"}]}""");
        Path file = write("memo.txt", "プロジェクト青葉の進捗");
        Run run = scan(Locale.ENGLISH, "--json", "--policy", policy.toString(), file.toString());
        assertThat(run.exit()).isEqualTo(ScanCommand.FOUND);
        assertThat(run.lines().get(0).get("findings").get(0).get("type").asText()).isEqualTo("CUSTOM:aoba");
    }

    @Test
    void aBrokenPolicyFileIsRefusedWithTheField() throws IOException {
        Path policy = write("bad.json", "{\"format\":1,\"name\":\"t\"}");
        Run run = scan(Locale.ENGLISH, "--policy", policy.toString(), write("x.txt", "x").toString());
        assertThat(run.exit()).isEqualTo(ScanCommand.ERROR);
        assertThat(run.err()).contains("cannot use the policy").contains("version: is required");
    }

    @Test
    void inIsolatedWorkersResultsComeInPathOrderWithASummary() throws IOException {
        for (int i = 0; i < 12; i++) {
            write(String.format("f%02d.txt", i), i == 7 ? "個人番号 1234-5678-9018" : "メモ " + i);
        }
        Run run = scanWith(Locale.ENGLISH, "--workers", "2", "--summary", dir.toString());
        assertThat(run.exit()).isEqualTo(ScanCommand.FOUND);
        assertThat(run.out()).contains("12 files: 1 with findings").contains("Summary:").contains("Slowest files:");
        int previous = -1;
        for (int i = 0; i < 12; i++) {
            int at = run.out().indexOf(String.format("f%02d.txt", i));
            assertThat(at).isGreaterThan(previous);
            previous = at;
        }
    }

    @Test
    void zeroWorkersIsRefused() {
        Run run = scanWith(Locale.ENGLISH, "--workers", "0", "x");
        assertThat(run.exit()).isEqualTo(ScanCommand.ERROR);
        assertThat(run.err()).contains("--workers must be at least 1");
    }

    @Test
    void helpExistsInBothLanguages() {
        assertThat(scanWith(Locale.ENGLISH, "--help").out()).contains("Inspect files for personal and confidential data");
        assertThat(scanWith(Locale.JAPANESE, "--help").out()).contains("ファイルに個人情報・機密情報が含まれるかを検査します");
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
