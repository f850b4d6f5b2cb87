package io.mamori.classifier.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.ClassifierConfig;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.InspectionStatus;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: an entry inside an archive is read as the type it is. A CSV inside a ZIP keeps its
 * header, so its name column still makes names names and its 生年月日 column still makes dates
 * dates of birth: the same synthetic CSV gives the same findings alone and zipped.
 */
class TablesInsideArchivesKeepTheirContextTest {

    private static final Classifier CLASSIFIER = new Classifier(ClassifierConfig.defaults());
    private static final String ROSTER = """
            氏名,生年月日,電話番号,部署
            山田 太郎,1985/04/12,090-1234-5678,営業部
            佐藤 花子,1990/11/03,080-2345-6789,総務部
            鈴木 一郎,1978/01/25,070-3456-7890,開発部
            """;

    @TempDir
    Path dir;

    private Classification alone(String name, byte[] csv) throws Exception {
        return CLASSIFIER.classify(Files.write(dir.resolve(name), csv));
    }

    private Classification zipped(String name, byte[] csv) throws Exception {
        return CLASSIFIER.classify(Files.write(dir.resolve(name + ".zip"),
                InspectionLimitsAreNeverCleanTest.zip(1, name, csv)));
    }

    @Test
    void aCsvInsideAZipGivesTheSameFindingsAsTheCsvAlone() throws Exception {
        byte[] csv = ROSTER.getBytes(StandardCharsets.UTF_8);
        Classification alone = alone("roster.csv", csv);
        Classification zipped = zipped("roster.csv", csv);
        assertThat(alone.status()).isEqualTo(InspectionStatus.OK);
        assertThat(zipped.status()).as(zipped.reason()).isEqualTo(InspectionStatus.OK);
        assertThat(alone.summaries(Confidence.MEDIUM)).extracting(s -> s.type())
                .contains(FindingType.JP_PERSON_NAME, FindingType.DATE_OF_BIRTH);
        assertThat(zipped.summaries(Confidence.LOW)).containsExactlyInAnyOrderElementsOf(alone.summaries(Confidence.LOW));
        assertThat(zipped.people()).isEqualTo(alone.people());
    }

    @Test
    void aShiftJisCsvInsideAZipIsDecodedAsAlone() throws Exception {
        byte[] csv = ROSTER.getBytes(Charset.forName("windows-31j"));
        Classification alone = alone("sjis.csv", csv);
        Classification zipped = zipped("sjis.csv", csv);
        assertThat(zipped.summaries(Confidence.LOW)).containsExactlyInAnyOrderElementsOf(alone.summaries(Confidence.LOW));
    }

    @Test
    void aPlainTextFileInsideAZipGivesTheSameFindingsAsAlone() throws Exception {
        byte[] text = "会員名簿\n氏名：山田 太郎 様\n生年月日：昭和60年4月12日\n".getBytes(StandardCharsets.UTF_8);
        Classification alone = alone("memo.txt", text);
        Classification zipped = zipped("memo.txt", text);
        assertThat(zipped.summaries(Confidence.LOW)).containsExactlyInAnyOrderElementsOf(alone.summaries(Confidence.LOW));
    }
}
