package io.mamori.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.finding.InspectionStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SHA-256 a classification carries is the file's own, however many detection threads read it. */
class ClassifierHashTest {

    @TempDir
    Path dir;

    private static String expected(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    @Test
    void theHashIsTheFilesOwnOnOneThreadOrTwo() throws Exception {
        byte[] content = ("氏名,電話番号\n山田 太郎,090-1234-5678\n" + "佐藤 花子,080-2345-6789\n".repeat(20_000))
                .getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("list.csv"), content);
        Classification onTwoThreads = new Classifier(ClassifierConfig.defaults(), 8192, 2).classify(file);
        Classification onOne = new Classifier(ClassifierConfig.defaults(), 8192, 1).classify(file);
        assertThat(onTwoThreads.status()).isEqualTo(InspectionStatus.OK);
        assertThat(onTwoThreads.sha256()).isEqualTo(expected(content)).isEqualTo(onOne.sha256());
        assertThat(onTwoThreads.summaries()).isEqualTo(onOne.summaries());
    }

    @Test
    void aKnownHashIsTakenAsGiven() throws Exception {
        Path file = Files.writeString(dir.resolve("memo.txt"), "会議のメモ");
        String given = "0".repeat(64);
        assertThat(new Classifier(ClassifierConfig.defaults(), 8192, 2).classify(file, given).sha256()).isEqualTo(given);
    }

    @Test
    void aFileThatIsGoneIsAnErrorWithItsReason() {
        Classification gone = new Classifier(ClassifierConfig.defaults(), 8192, 2).classify(dir.resolve("gone.txt"));
        assertThat(gone.status()).isEqualTo(InspectionStatus.ERROR);
        assertThat(gone.reason()).isEqualTo("no such file");
    }
}
