package io.mamori.classifier.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which files {@code mamori scan} classifies in its own process (small ones Mamori decodes itself)
 * and which go to the isolated workers (everything a Tika parser would read, and anything large),
 * whatever a file's name says.
 */
class RoutingInspectorTest {

    @TempDir
    Path dir;

    /** Stands in for the worker pool: records what it was given. */
    private static final class Workers implements Inspector {
        final List<Path> given = new CopyOnWriteArrayList<>();
        final List<Path> prepared = new CopyOnWriteArrayList<>();

        @Override
        public void prepare(Path file) {
            prepared.add(file);
        }

        @Override
        public Classification inspect(Path file) {
            given.add(file);
            return Classification.notInspected(file.toString(), "application/x-test", InspectionStatus.ERROR, "worker", null, 0, 0);
        }

        @Override
        public void close() {
        }
    }

    private Path zip(String name) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("名簿.txt"));
            zip.write("氏名: 山田 花子".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    @Test
    void aSmallTextFileIsClassifiedHereAndNoWorkerIsStarted() throws Exception {
        Workers workers = new Workers();
        int[] made = new int[1];
        Path minutes = Files.writeString(dir.resolve("議事録.txt"), "定例会議の議事録です。次回は来週月曜日。\n");
        Path csv = Files.writeString(dir.resolve("一覧.csv"), "品名,数量\nりんご,3\n");
        try (RoutingInspector inspector = new RoutingInspector(ClassifierConfig.defaults(), () -> {
            made[0]++;
            return workers;
        })) {
            assertThat(inspector.inspect(minutes).status()).isEqualTo(InspectionStatus.OK);
            assertThat(inspector.inspect(csv).status()).isEqualTo(InspectionStatus.OK);
        }
        assertThat(made[0]).as("no worker made for text").isZero();
    }

    @Test
    void onlyAFileTooLargeForThisProcessStartsTheWorkersAhead() throws Exception {
        Workers workers = new Workers();
        int[] made = new int[1];
        Path small = Files.writeString(dir.resolve("議事録.txt"), "定例会議の議事録です。\n");
        Path archive = zip("資料.zip");
        Path large = Files.writeString(dir.resolve("大きい.txt"),
                "あ".repeat((int) (RoutingInspector.IN_PROCESS_MAX_BYTES / 3) + 10));
        try (RoutingInspector inspector = new RoutingInspector(ClassifierConfig.defaults(), () -> {
            made[0]++;
            return workers;
        })) {
            inspector.prepare(small);
            inspector.prepare(archive); // small: hashed in no time, nothing to hide a start behind
            inspector.prepare(dir.resolve("gone.txt"));
            assertThat(made[0]).isZero();
            inspector.prepare(large);
        }
        assertThat(workers.prepared).containsExactly(large);
        assertThat(workers.given).isEmpty();
    }

    @Test
    void archivesLargeFilesAndTextNamedFilesThatAreNotTextGoToTheWorkers() throws Exception {
        Workers workers = new Workers();
        Path archive = zip("資料.zip");
        Path disguised = zip("readme.txt");
        Path large = dir.resolve("大きい.txt");
        Files.writeString(large, "あ".repeat((int) (RoutingInspector.IN_PROCESS_MAX_BYTES / 3) + 10));
        assertThat(Files.size(large)).isGreaterThan(RoutingInspector.IN_PROCESS_MAX_BYTES);
        try (RoutingInspector inspector = new RoutingInspector(ClassifierConfig.defaults(), () -> workers)) {
            assertThat(inspector.inspect(archive).reason()).isEqualTo("worker");
            assertThat(inspector.inspect(disguised).reason()).as("a zip named .txt is still a zip").isEqualTo("worker");
            assertThat(inspector.inspect(large, null).reason()).isEqualTo("worker");
            assertThat(inspector.glance(large, null, 1000).reason()).isEqualTo("worker");
        }
        assertThat(workers.given).containsExactly(archive, disguised, large, large);
    }
}
