package io.mamori.classifier.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    private static String normalized(String input) {
        return TextNormalizer.normalize(input).toString();
    }

    @Test
    void fullWidthDigitsAndLettersBecomeAscii() {
        assertThat(normalized("個人番号：１２３４ ５６７８ ９０１８　ＡＢｃ")).isEqualTo("個人番号:1234 5678 9018 ABc");
    }

    @Test
    void everyDashVariantBecomesHyphenMinus() {
        assertThat(normalized("03‐1234–5678—9‒1―2−3－4")).isEqualTo("03-1234-5678-9-1-2-3-4");
    }

    @Test
    void theProlongedSoundMarkBecomesADashOnlyBetweenDigits() {
        assertThat(normalized("０３ー１２３４ー５６７８")).isEqualTo("03-1234-5678");
        assertThat(normalized("1ー2ー3")).isEqualTo("1-2-3");
        assertThat(normalized("1ーー2 ー1 1ー ｰ1ｰ2")).isEqualTo("1ーー2 ー1 1ー ー1-2");
        assertThat(normalized("マイナンバーカード")).isEqualTo("マイナンバーカード");
    }

    @Test
    void halfWidthKatakanaWithVoicingMarksComposes() {
        assertThat(normalized("ｶﾞｲﾄﾞ ﾏｲﾅﾝﾊﾞｰ")).isEqualTo("ガイド マイナンバー");
    }

    @Test
    void compatibilityCharactersAreExpanded() {
        assertThat(normalized("㈱山田 ①②")).isEqualTo("(株)山田 12");
        assertThat(normalized("平成㍻")).isEqualTo("平成平成");
    }

    @Test
    void emojiAndOtherSupplementaryCharactersSurvive() {
        assertThat(normalized("📎 資料")).isEqualTo("📎 資料");
    }

    @Test
    void everyNormalisedCharacterMapsBackToWhereItCameFrom() {
        String original = "氏名ｶﾞ１２";
        NormalizedText text = TextNormalizer.normalize(original);
        assertThat(text.toString()).isEqualTo("氏名ガ12");
        assertThat(text.originalOffset(0)).isEqualTo(0);
        assertThat(text.originalOffset(2)).isEqualTo(2); // ガ came from ｶ (and ﾞ)
        assertThat(text.originalOffset(3)).isEqualTo(4); // 1 came from １
        assertThat(text.originalOffset(4)).isEqualTo(5);
        assertThat(text.originalOffset(5)).isEqualTo(original.length());
        assertThat(text.normalizedOffset(4)).isEqualTo(3);
        assertThat(text.normalizedOffset(3)).isEqualTo(3); // inside ｶﾞ: the next character that starts at or after
    }

    @Test
    void asciiLettersAreFoldedForKeywordMatching() {
        NormalizedText text = TextNormalizer.normalize("CONFIDENTIAL Ｔｅｌ");
        assertThat(new String(text.folded(), 0, text.length())).isEqualTo("confidential tel");
    }

    /** The fast path copies characters it believes NFKC leaves alone; check every one of them. */
    @Test
    void everyCharacterOnTheFastPathIsNfkcStable() {
        for (char c = 0; c < 0xFFFF; c++) {
            if (TextNormalizer.isStable(c)) {
                assertThat(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC)).as("U+%04X", (int) c)
                        .isEqualTo(String.valueOf(c));
            }
        }
    }

    @Test
    void theResultEqualsJavasNfkcForJapaneseTextWithoutDashes() {
        String input = "ｶﾌﾞｼｷｶﾞｲｼｬ　東京都千代田区丸の内１－１－１　ＴＥＬ：０３（１２３４）５６７８ ㍿ ⅲ ﾃﾞｰﾀ";
        String expected = Normalizer.normalize(input, Normalizer.Form.NFKC).replace('－', '-');
        assertThat(normalized(input)).isEqualTo(expected);
    }
}
