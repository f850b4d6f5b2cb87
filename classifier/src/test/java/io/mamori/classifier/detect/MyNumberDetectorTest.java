package io.mamori.classifier.detect;

import static io.mamori.classifier.detect.Detections.confidence;
import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class MyNumberDetectorTest {

    private static final FindingType TYPE = FindingType.JP_MY_NUMBER;

    @Test
    void aValidNumberWithAKeywordIsHigh() {
        assertThat(confidence("マイナンバー：123456789018", TYPE)).isEqualTo(Confidence.HIGH);
        assertThat(confidence("個人番号 1234-5678-9018", TYPE)).isEqualTo(Confidence.HIGH);
        assertThat(confidence("My Number: 1234 5678 9018", TYPE)).isEqualTo(Confidence.HIGH);
    }

    @Test
    void aValidNumberWithoutAKeywordStaysLowOrMedium() {
        assertThat(confidence("番号は 123456789018 です", TYPE)).isEqualTo(Confidence.LOW);
        assertThat(confidence("番号は 1234 5678 9018 です", TYPE)).isEqualTo(Confidence.MEDIUM);
    }

    @Test
    void aWrongCheckDigitIsNeverReportedEvenWithAKeyword() {
        assertThat(confidence("個人番号：123456789019", TYPE)).isNull();
    }

    @Test
    void aKeywordMoreThan300CharactersAwayDoesNotCount() {
        String far = "マイナンバー" + "あ".repeat(310) + "123456789018";
        String near = "マイナンバー" + "あ".repeat(290) + "123456789018";
        assertThat(confidence(far, TYPE)).isEqualTo(Confidence.LOW);
        assertThat(confidence(near, TYPE)).isEqualTo(Confidence.HIGH);
    }

    @Test
    void fullWidthDigitsAndDashesAreFound() {
        assertThat(confidence("個人番号：１２３４－５６７８－９０１８", TYPE)).isEqualTo(Confidence.HIGH);
    }

    @Test
    void numbersAreBoundedByNonDigitsEvenNextToKanji() {
        assertThat(confidence("個人番号123456789018です", TYPE)).isEqualTo(Confidence.HIGH);
        assertThat(confidence("個人番号1234567890185", TYPE)).isNull(); // thirteen digits
        assertThat(confidence("個人番号 A123456789018", TYPE)).isNull(); // part of a code
        assertThat(confidence("個人番号 0.123456789018", TYPE)).isNull(); // a decimal
    }

    @Test
    void aNumberLabelledAsAnOrderNumberIsIgnored() {
        assertThat(confidence("マイナンバー提出のお願い\n注文番号：123456789018", TYPE)).isNull();
    }

    @Test
    void aColumnHeaderIsContextForEveryCellBelowIt() {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(List.of("名前" + i, "メモ".repeat(5), i == 199 ? "123456789018" : "-"));
        }
        var result = Detections.classifyTable(List.of("氏名", "備考", "個人番号"), rows);
        assertThat(Detections.best(Detections.of(result, TYPE))).isEqualTo(Confidence.HIGH);
    }

    @Test
    void theSampleIsMasked() {
        var findings = Detections.of(Detections.classify("個人番号：1234-5678-9018"), TYPE);
        assertThat(findings).singleElement().extracting(Finding::sample).isEqualTo("1234-****-**18");
    }
}
