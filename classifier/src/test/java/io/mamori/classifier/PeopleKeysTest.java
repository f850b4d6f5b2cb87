package io.mamori.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.worker.WorkerMessages;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.PeopleKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people of a file as keys (issue 23): under one agent's key two files that share people share
 * their keys, so the console can count people across files; under another key nothing matches.
 * Synthetic customer lists only.
 */
class PeopleKeysTest {

    private static final String KEY = "00112233445566778899aabbccddeeff";
    private static final String OTHER_KEY = "ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    /** A customer list of persons [from, to): one made-up name, phone and address at example.jp each. */
    private Path list(String name, int from, int to) throws Exception {
        StringBuilder csv = new StringBuilder("氏名,電話番号,メールアドレス\n");
        String[] family = {"佐藤", "鈴木", "高橋", "田中", "伊藤"};
        String[] given = {"太郎", "花子", "一郎", "美咲", "翔太"};
        for (int n = from; n < to; n++) {
            csv.append(family[n % 5]).append(' ').append(given[(n / 5) % 5]).append(',')
                    .append(String.format("090-%04d-%04d", 1000 + n / 10_000, n % 10_000)).append(',')
                    .append("customer").append(n).append("@example.jp\n");
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    private static PeopleKeys keysOf(Path file, String key) {
        Classification result = new Classifier(ClassifierConfig.defaults().withPeopleKey(key)).classify(file);
        return result.peopleKeys();
    }

    @Test
    void twoFilesThatShareCustomersShareTheirKeysUnderOneAgentsKey() throws Exception {
        PeopleKeys first = keysOf(list("a.csv", 0, 600), KEY);
        PeopleKeys second = keysOf(list("b.csv", 300, 900), KEY);

        assertThat(first.type()).isEqualTo(second.type()).isIn(FindingType.EMAIL, FindingType.JP_PHONE);
        assertThat(first.keys()).hasSize(600).allMatch(k -> k.matches("[0-9a-f]{8}"));
        assertThat(first.keys()).isSorted();
        Set<String> shared = new HashSet<>(first.keys());
        shared.retainAll(second.keys());
        assertThat(shared).as("persons 300-599 are in both").hasSize(300);
        Set<String> union = new HashSet<>(first.keys());
        union.addAll(second.keys());
        assertThat(union).hasSize(900);

        PeopleKeys again = keysOf(list("a-again.csv", 0, 600), KEY);
        assertThat(again).as("the same people, the same keys, in another classifier").isEqualTo(first);
        PeopleKeys otherAgent = keysOf(list("a-other.csv", 0, 600), OTHER_KEY);
        Set<String> common = new HashSet<>(otherAgent.keys());
        common.retainAll(first.keys());
        assertThat(common.size()).as("another agent's keys match by chance only").isLessThan(5);
    }

    @Test
    void aFileOfMoreThanAThousandPeopleSendsNoKeysAndAFileWithoutPeopleNone() throws Exception {
        Classification big = new Classifier(ClassifierConfig.defaults().withPeopleKey(KEY)).classify(list("big.csv", 0, 1200));
        assertThat(big.people()).isGreaterThan(1000);
        assertThat(big.peopleKeys()).as("reportable by itself").isNull();
        assertThat(big.toSummary(io.mamori.protocol.finding.Confidence.MEDIUM).peopleKeys()).isNull();

        Path minutes = Files.writeString(dir.resolve("minutes.txt"), "定例会議の議事録。次回は来週火曜日。");
        assertThat(keysOf(minutes, KEY)).isNull();
    }

    @Test
    void theKeysTravelFromAWorkerAndTheAgentsKeyIsNotInItsSetUpsText() throws Exception {
        ClassifierConfig config = ClassifierConfig.defaults().withPeopleKey(KEY);
        WorkerMessages.Setup setup = WorkerMessages.Setup.of(config);
        String line = WorkerMessages.mapper().writeValueAsString(setup);
        assertThat(WorkerMessages.mapper().readValue(line, WorkerMessages.Setup.class).toConfig().peopleKey()).isEqualTo(KEY);
        assertThat(setup.toString()).doesNotContain(KEY);
        assertThat(config.toString()).doesNotContain(KEY);

        Classification result = new Classifier(config).classify(list("c.csv", 0, 10));
        String response = WorkerMessages.mapper().writeValueAsString(new WorkerMessages.Response(1, result));
        Classification back = WorkerMessages.mapper().readValue(response, WorkerMessages.Response.class).result();
        assertThat(back.peopleKeys()).isEqualTo(result.peopleKeys());
        assertThat(back.peopleKeys().keys()).hasSize(10);
    }

    @Test
    void anInspectionWorkerGivenTheAgentsKeyMakesTheSameKeys() throws Exception {
        Path file = list("d.csv", 0, 50);
        ClassifierConfig config = ClassifierConfig.defaults().withPeopleKey(KEY);
        try (io.mamori.classifier.inspect.WorkerPool pool = new io.mamori.classifier.inspect.WorkerPool(config,
                io.mamori.classifier.inspect.InspectorConfig.defaults().withWorkers(1))) {
            Classification inWorker = pool.inspect(file);
            assertThat(inWorker.peopleKeys()).isNotNull().isEqualTo(keysOf(file, KEY));
        }
    }
}
