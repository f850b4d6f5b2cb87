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

        /** The whole address, tail included, as one finding. */
        private Finding only(String text) {
            var findings = Detections.of(Detections.classify(text), FindingType.JP_ADDRESS);
            assertThat(findings).as(text).hasSize(1);
            return findings.get(0);
        }

        // Made-up municipalities and towns (架空郡存在町, 例), block numbers invented.
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "住所: 青森県架空郡存在町大字例2丁目3番4号 | 青森県架空郡存在町大字例2丁目3番4号",
                "所在地：埼玉県浦和市高砂9-15-1 | 埼玉県浦和市高砂9-15-1",
                "現住所 静岡県清水市見本町3丁目7-2 | 静岡県清水市見本町3丁目7-2",
                "住所：新潟県架空市試験通り12番地3 | 新潟県架空市試験通り12番地3"})
        void anUnknownMunicipalityAfterALabelWithPrefectureAndBlockIsMedium(String text, String address) {
            Finding finding = only(text);
            assertThat(finding.confidence()).as(text).isEqualTo(Confidence.MEDIUM);
            assertThat(text.substring(finding.start(), finding.end())).isEqualTo(address);
        }

        @Test
        void anUnknownMunicipalityIsMaskedAfterThePrefecture() {
            Finding finding = only("住所：埼玉県浦和市高砂9-15-1");
            assertThat(finding.sample()).isEqualTo("埼玉県******-**-*");
        }

        @Test
        void anUnknownMunicipalityInAnAddressColumnIsMedium() {
            var result = Detections.classifyTable(List.of("氏名", "住所"),
                    List.of(List.of("試験 一郎", "埼玉県浦和市架空台4-12-7"), List.of("試験 二郎", "未記入")));
            var findings = Detections.of(result, FindingType.JP_ADDRESS);
            assertThat(findings).singleElement().extracting(Finding::confidence).isEqualTo(Confidence.MEDIUM);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "青森県架空郡存在町大字例2丁目3番4号",       // no label: behaviour unchanged
                "東京都 3-4-5 の在庫",
                "東京都架空市の倉庫に3-4-5の在庫",
                "住所: 未記入",
                "住所: 東京都 未記入",
                "住所: 青森県架空郡存在町",                 // no block tail
                "住所: 3-4-5",
                "所在地: 東京都内 3-4-5",
                "横浜市条例第3条第2号に基づく"})           // an article, not Sapporo's 条
        void noLabelOrNoTailIsNotAnUnknownAddress(String text) {
            assertThat(confidence(text, FindingType.JP_ADDRESS)).as(text).isNull();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "札幌市中央区北3条西4丁目 | 札幌市中央区北3条西4丁目 | MEDIUM",
                "札幌市豊平区南1条東2丁目3-4 | 札幌市豊平区南1条東2丁目3-4 | MEDIUM",
                "北海道札幌市北区北7条西5丁目1番地 | 北海道札幌市北区北7条西5丁目1番地 | HIGH",
                "住所：札幌市白石区東9条南8丁目2-11 | 札幌市白石区東9条南8丁目2-11 | HIGH",
                "北海道札幌市手稲区見本1条12丁目3-5 | 北海道札幌市手稲区見本1条12丁目3-5 | HIGH",
                "北海道札幌市中央区南十条西三丁目 | 北海道札幌市中央区南十条西三丁目 | HIGH",
                "京都市中京区河原町通三条上ル下丸屋町123 | 京都市中京区河原町通三条上ル下丸屋町123 | MEDIUM",
                "京都府京都市下京区烏丸通四条下ル水銀屋町620 | 京都府京都市下京区烏丸通四条下ル水銀屋町620 | HIGH",
                "京都府京都市上京区見本通丸太町西入ル例町45番地 | 京都府京都市上京区見本通丸太町西入ル例町45番地 | HIGH",
                "住所：京都市左京区試験通今出川東入ル架空町7-3 | 京都市左京区試験通今出川東入ル架空町7-3 | HIGH"})
        void sapporoJoAndKyotoStreetAddressesAreWhole(String text, String address, Confidence expected) {
            Finding finding = only(text);
            assertThat(text.substring(finding.start(), finding.end())).isEqualTo(address);
            assertThat(finding.confidence()).as(text).isEqualTo(expected);
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
