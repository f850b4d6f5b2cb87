package io.mamori.classifier.detect;

import static io.mamori.classifier.detect.Detections.confidence;
import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.ReportableTrigger;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour of the detectors that depend on context: dates of birth, addresses, names, markings. */
class ContextDetectorsTest {

    @Nested
    class DatesOfBirth {
        @ParameterizedTest(name = "{0} exists: {1}")
        @CsvSource({
                "令和元年5月1日, true", "令和元年4月30日, false", "平成31年4月30日, true", "平成31年5月1日, false",
                "平成元年1月8日, true", "昭和64年1月7日, true", "昭和64年1月8日, false", "昭和65年1月1日, false",
                "大正15年12月24日, true", "大正16年1月1日, false", "明治45年7月29日, true", "明治45年7月30日, false",
                "1985年2月29日, false", "1984年2月29日, true", "1985/4/12, true", "1985-04-12, true", "1985.4.12, true",
                "S60.4.12, true", "H31.5.1, false"})
        void eraDatesExistOnlyWithinTheirEra(String date, boolean exists) {
            Confidence found = confidence("生年月日：" + date, FindingType.DATE_OF_BIRTH);
            if (exists) {
                assertThat(found).as(date).isEqualTo(Confidence.HIGH);
            } else {
                assertThat(found).as(date).isNull();
            }
        }

        @Test
        void aDateIsABirthDateOnlyWithEvidence() {
            assertThat(confidence("1985年4月12日生まれ", FindingType.DATE_OF_BIRTH)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("1985年4月12日（41歳）", FindingType.DATE_OF_BIRTH)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("会議は1985年4月12日に開かれた", FindingType.DATE_OF_BIRTH)).isEqualTo(Confidence.LOW);
        }

        @Test
        void aDateLabelledAsAnotherDateIsNotABirthDate() {
            assertThat(confidence("生年月日欄は空欄。作成日：2001年4月1日", FindingType.DATE_OF_BIRTH)).isNull();
        }

        @Test
        void futureDatesAndImpossibleAgesAreNotBirthDates() {
            assertThat(confidence("生年月日：2099年1月1日", FindingType.DATE_OF_BIRTH)).isNull();
            assertThat(confidence("生年月日：1880年1月1日", FindingType.DATE_OF_BIRTH)).isNull();
        }

        @Test
        void theSampleKeepsTheCenturyOnly() {
            var findings = Detections.of(Detections.classify("生年月日：1985年4月12日"), FindingType.DATE_OF_BIRTH);
            assertThat(findings).singleElement().extracting(Finding::sample).isEqualTo("19**年*月**日");
        }
    }

    @Nested
    class Addresses {
        @Test
        void prefectureMunicipalityAndBlockIsHigh() {
            assertThat(confidence("東京都新宿区西新宿2丁目8番1号", FindingType.JP_ADDRESS)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("大阪府大阪市北区梅田1-1-1", FindingType.JP_ADDRESS)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("北海道上川郡上川町本町一丁目", FindingType.JP_ADDRESS)).isEqualTo(Confidence.HIGH);
        }

        @Test
        void aMunicipalityWithABlockIsMediumAndHighWithALabel() {
            assertThat(confidence("横浜市中区山下町3-2-1", FindingType.JP_ADDRESS)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("住所：横浜市中区山下町3-2-1", FindingType.JP_ADDRESS)).isEqualTo(Confidence.HIGH);
        }

        @Test
        void aPlaceWithoutABlockIsLowAndAMunicipalityAloneNothing() {
            assertThat(confidence("東京都新宿区で開催", FindingType.JP_ADDRESS)).isEqualTo(Confidence.LOW);
            assertThat(confidence("新宿区の天気", FindingType.JP_ADDRESS)).isNull();
        }

        @Test
        void theSampleKeepsPrefectureAndMunicipalityOnly() {
            var findings = Detections.of(Detections.classify("東京都新宿区西新宿2-8-1"), FindingType.JP_ADDRESS);
            assertThat(findings).singleElement().extracting(Finding::sample).isEqualTo("東京都新宿区****-*-*");
        }
    }

    @Nested
    class PersonNames {
        @Test
        void afterALabel() {
            assertThat(confidence("氏名：山田 太郎", FindingType.JP_PERSON_NAME)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("お名前 佐藤花子", FindingType.JP_PERSON_NAME)).isEqualTo(Confidence.HIGH);
        }

        @Test
        void beforeAnHonorific() {
            assertThat(confidence("山田 太郎 様", FindingType.JP_PERSON_NAME)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("いつもお世話になっております。鈴木様", FindingType.JP_PERSON_NAME))
                    .isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("会議では田中 一郎さんが説明した", FindingType.JP_PERSON_NAME)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("田中さんが説明した", FindingType.JP_PERSON_NAME)).isEqualTo(Confidence.LOW);
        }

        @Test
        void organisationsAndCrowdsAreNotPeople() {
            assertThat(confidence("株式会社山田商事 様", FindingType.JP_PERSON_NAME)).isNull();
            assertThat(confidence("お客様各位", FindingType.JP_PERSON_NAME)).isNull();
            assertThat(confidence("皆様へ", FindingType.JP_PERSON_NAME)).isNull();
            assertThat(confidence("仕様書の様式", FindingType.JP_PERSON_NAME)).isNull();
        }

        @Test
        void cellsOfANameColumn() {
            var result = Detections.classifyTable(List.of("社員番号", "氏名"),
                    List.of(List.of("1001", "高橋 健太"), List.of("1002", "伊藤 美咲")));
            assertThat(Detections.of(result, FindingType.JP_PERSON_NAME)).hasSize(2)
                    .allMatch(f -> f.confidence() == Confidence.HIGH);
        }

        @Test
        void theSampleKeepsOneCharacterPerPart() {
            var findings = Detections.of(Detections.classify("氏名：山田 太郎"), FindingType.JP_PERSON_NAME);
            assertThat(findings).singleElement().extracting(Finding::sample).isEqualTo("山* 太*");
        }
    }

    @Nested
    class SensitivePersonal {
        @Test
        void aStrongWordNearAPersonIsHighWithItsCategory() {
            var result = Detections.classify("氏名：山田 太郎\n既往歴：糖尿病");
            var findings = Detections.of(result, FindingType.SENSITIVE_PERSONAL);
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.confidence()).isEqualTo(Confidence.HIGH);
                assertThat(f.sample()).isEqualTo("病歴（既往歴）");
            });
            assertThat(result.reportable()).contains(ReportableTrigger.SENSITIVE_PERSONAL);
        }

        @Test
        void aWeakWordNearAPersonIsMedium() {
            assertThat(confidence("氏名：山田 太郎\n血圧：128/82", FindingType.SENSITIVE_PERSONAL))
                    .isEqualTo(Confidence.MEDIUM);
        }

        @Test
        void wordsWithoutAPersonAreLowAndNotReportable() {
            var result = Detections.classify("病歴や犯罪歴などの要配慮個人情報は本人の同意なく取得しない。");
            assertThat(Detections.best(Detections.of(result, FindingType.SENSITIVE_PERSONAL))).isEqualTo(Confidence.LOW);
            assertThat(result.reportable()).isEmpty();
        }

        @Test
        void aSensitiveColumnHeaderIsHigh() {
            var result = Detections.classifyTable(List.of("氏名", "前科"), List.of(List.of("山田 太郎", "なし")));
            assertThat(Detections.best(Detections.of(result, FindingType.SENSITIVE_PERSONAL))).isEqualTo(Confidence.HIGH);
        }
    }

    @Nested
    class ConfidentialMarkers {
        @Test
        void aStrongMarkingStandingAloneIsHigh() {
            assertThat(confidence("【社外秘】\n議事録", FindingType.CONFIDENTIAL_MARKER)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("■極秘", FindingType.CONFIDENTIAL_MARKER)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("関係者外秘\n本文", FindingType.CONFIDENTIAL_MARKER)).isEqualTo(Confidence.HIGH);
        }

        @Test
        void aWeakMarkingStandingAloneIsMedium() {
            assertThat(confidence("[CONFIDENTIAL]\nProject plan", FindingType.CONFIDENTIAL_MARKER))
                    .isEqualTo(Confidence.MEDIUM);
        }

        @Test
        void markingsInRunningTextAreLowAndLookalikesNothing() {
            assertThat(confidence("社外秘の資料は施錠できる場所に保管し、許可なく持ち出さないこと。",
                    FindingType.CONFIDENTIAL_MARKER)).isEqualTo(Confidence.LOW);
            assertThat(confidence("取引先と機密保持契約を締結した。", FindingType.CONFIDENTIAL_MARKER)).isNull();
            assertThat(confidence("従業員には守秘義務がある。", FindingType.CONFIDENTIAL_MARKER)).isNull();
        }
    }

    @Nested
    class CustomTypes {
        @Test
        void keywordsAndPatternsFromPolicy() {
            CustomDetectorSpec spec = new CustomDetectorSpec("aoba", List.of("プロジェクト青葉"), List.of("AOBA-\\d{4}"),
                    Confidence.HIGH, false);
            var result = Detections.classify("ﾌﾟﾛｼﾞｪｸﾄ青葉の件（aoba-2024）", List.of(spec));
            var findings = Detections.of(result, FindingType.custom("aoba"));
            assertThat(findings).hasSize(2).allMatch(f -> f.confidence() == Confidence.HIGH);
            assertThat(findings).extracting(Finding::sample).contains("プロジェクト青葉", "ao**-***4");
        }

        @Test
        void anAdministratorsCatastrophicPatternCannotStallInspection() {
            // java.util.regex memoises simple nested loops such as (a+)+$, but not counted ones: (.*?,){13}P on
            // forty "1," and (a|aa){1,60}$ on sixty a's and a '!' keep a backtracking engine busy for hours
            CustomDetectorSpec spec = new CustomDetectorSpec("evil", null, List.of("(.*?,){13}P", "(a|aa){1,60}$"),
                    Confidence.MEDIUM, true);
            var result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> Detections.classify("1,".repeat(40) + "\n" + "a".repeat(60) + "!", List.of(spec)));
            assertThat(Detections.of(result, FindingType.custom("evil"))).isEmpty();
            var matching = Detections.classify("aaaa", List.of(spec));
            assertThat(Detections.of(matching, FindingType.custom("evil"))).as("the pattern still works").hasSize(1);
        }
    }

    @Nested
    class PeopleAndReportability {
        @Test
        void aTableOfMoreThanAThousandPeopleIsReportable() {
            List<List<String>> rows = new ArrayList<>();
            var ids = new io.mamori.classifier.corpus.SyntheticIdentifiersAccess(new java.util.Random(3));
            for (int i = 0; i < 1001; i++) {
                rows.add(List.of(ids.myNumber()));
            }
            var result = Detections.classifyTable(List.of("個人番号"), rows);
            assertThat(result.people()).isEqualTo(1001);
            assertThat(result.reportable()).contains(ReportableTrigger.OVER_1000_PEOPLE);
        }

        @Test
        void cardsMakeAFileFinanciallyReportable() {
            assertThat(Detections.classify("カード番号 4111-1111-1111-1111").reportable())
                    .containsExactly(ReportableTrigger.FINANCIAL);
        }

        @Test
        void oneLetterToOnePersonCoversOnePerson() {
            assertThat(Detections.classify("山田 太郎 様\n電話：090-1234-5678\nメール：taro@example.jp").people())
                    .isEqualTo(1);
        }
    }
}
