package io.mamori.classifier.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.Classification;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A first look reads only the beginning of a large file's text, in process and in a worker; a small file is read whole. */
class FirstLookTest {

    private static final String ROW = "山田 太郎,個人番号 1234-5678-9018,営業部\n";

    @TempDir
    Path dir;

    private static int myNumbers(Classification classification) {
        return classification.toSummary(Confidence.LOW).count(Set.of(FindingType.of("JP_MY_NUMBER")), Confidence.LOW);
    }

    private void check(Inspector inspector) throws Exception {
        Path large = Files.writeString(dir.resolve("large.csv"), "氏名,番号,部署\n" + ROW.repeat(20_000));
        Path small = Files.writeString(dir.resolve("small.csv"), "氏名,番号,部署\n" + ROW.repeat(10));

        Classification first = inspector.glance(large, null, 64 * 1024);
        Classification whole = inspector.inspect(large);
        Classification smallFirst = inspector.glance(small, null, 64 * 1024);

        assertThat(first.status()).as("only the beginning was read").isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(myNumbers(first)).isPositive().isLessThan(myNumbers(whole));
        assertThat(whole.status()).isEqualTo(InspectionStatus.OK);
        assertThat(myNumbers(whole)).isEqualTo(20_000);
        assertThat(smallFirst.status()).as("a text that fits is the whole classification").isEqualTo(InspectionStatus.OK);
        assertThat(myNumbers(smallFirst)).isEqualTo(10);
    }

    @Test
    void inProcess() throws Exception {
        check(new InProcessInspector(ClassifierConfig.defaults()));
    }

    @Test
    void inAWorker() throws Exception {
        try (WorkerPool pool = new WorkerPool(ClassifierConfig.defaults(), InspectorConfig.defaults().withWorkers(1))) {
            check(pool);
        }
    }

    @Test
    void theCacheAnswersAFirstLookWithTheWholeFileWhenItKnowsIt() throws Exception {
        ClassifierConfig config = ClassifierConfig.defaults();
        CachingInspector caching = new CachingInspector(new InProcessInspector(config), new MemoryResultCache(10), config);
        Path large = Files.writeString(dir.resolve("large.csv"), "氏名,番号,部署\n" + ROW.repeat(20_000));
        Classification whole = caching.inspect(large);

        Classification first = caching.glance(large, whole.sha256(), 64 * 1024);

        assertThat(first.status()).isEqualTo(InspectionStatus.OK);
        assertThat(myNumbers(first)).isEqualTo(20_000);
    }
}
