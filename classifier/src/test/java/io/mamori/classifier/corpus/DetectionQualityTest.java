package io.mamori.classifier.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.protocol.finding.FindingType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The design's detection-quality targets, on the generated corpus (.txt, .csv in UTF-8 and
 * Shift_JIS, .docx, .xlsx, .pdf): checksum identifiers with context reach precision ≥ 0.98 and
 * recall ≥ 0.99; names, addresses and dates of birth reach F2 ≥ 0.85; every other type is
 * found with precision and recall ≥ 0.9; and no file of the corpus fails to be inspected.
 */
class DetectionQualityTest {

    static final long SEED = 20261123L;
    static final Set<FindingType> CHECKSUM_TYPES = Set.of(FindingType.JP_MY_NUMBER, FindingType.JP_CORPORATE_NUMBER,
            FindingType.CREDIT_CARD);
    static final Set<FindingType> CONTEXT_TYPES = Set.of(FindingType.JP_PERSON_NAME, FindingType.JP_ADDRESS,
            FindingType.DATE_OF_BIRTH);

    @TempDir
    static Path corpusDirectory;

    static DetectionEvaluation.Report report;

    @BeforeAll
    static void evaluate() throws Exception {
        CorpusGenerator.Corpus corpus = new CorpusGenerator(SEED, LocalDate.now()).write(corpusDirectory);
        report = DetectionEvaluation.evaluate(new Classifier(ClassifierConfig.defaults()), corpus);
        System.out.println(report.table());
        report.examples().forEach(System.out::println);
    }

    @Test
    void everyFileOfTheCorpusIsInspected() {
        assertThat(report.uninspected()).isEmpty();
    }

    @Test
    void everyBuiltInTypeIsExercised() {
        List<FindingType> notExercised = FindingType.builtIns().stream()
                .filter(type -> !report.scores().containsKey(type)
                        || report.scores().get(type).truePositives() == 0)
                .toList();
        assertThat(notExercised).isEmpty();
    }

    @Test
    void checksumIdentifiersWithContextMeetPrecisionAndRecallTargets() {
        for (FindingType type : CHECKSUM_TYPES) {
            DetectionEvaluation.Score score = report.scores().get(type);
            assertThat(score.precision()).as(type + " precision").isGreaterThanOrEqualTo(0.98);
            assertThat(score.recall()).as(type + " recall").isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void namesAddressesAndBirthDatesMeetTheF2Target() {
        for (FindingType type : CONTEXT_TYPES) {
            assertThat(report.scores().get(type).f2()).as(type + " F2").isGreaterThanOrEqualTo(0.85);
        }
    }

    @Test
    void everyOtherTypeIsFoundReliably() {
        for (DetectionEvaluation.Score score : report.scores().values()) {
            if (!CHECKSUM_TYPES.contains(score.type()) && !CONTEXT_TYPES.contains(score.type())) {
                assertThat(score.precision()).as(score.type() + " precision").isGreaterThanOrEqualTo(0.9);
                assertThat(score.recall()).as(score.type() + " recall").isGreaterThanOrEqualTo(0.9);
            }
        }
    }
}
