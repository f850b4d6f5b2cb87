package io.mamori.classifier.detect;

import static io.mamori.classifier.detect.Detections.confidence;
import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Notations a held-out check found missing (issue 22): invoice registration numbers written
 * {@code T} + 13 digits, every card network's prefixes and printed groupings, and phone numbers
 * that only their column or label makes recognisable. Every value is generated here, with its
 * check digit computed, never taken from a real person or company.
 */
class DetectionGapsTest {

    private static final Random RANDOM = new Random(22);

    /** Twelve random digits with the leading 法人番号 check digit computed: 9 − (Σ P·Q mod 9). */
    static String corporateNumber(Random random) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            body.append(random.nextInt(10));
        }
        int sum = 0;
        for (int n = 1; n <= 12; n++) {
            sum += (body.charAt(12 - n) - '0') * (n % 2 == 1 ? 1 : 2);
        }
        return (9 - sum % 9) + body.toString();
    }

    /** A prefix, random digits up to {@code length}, and the Luhn digit computed. */
    static String luhnNumber(String prefix, int length, Random random) {
        StringBuilder number = new StringBuilder(prefix);
        while (number.length() < length - 1) {
            number.append(random.nextInt(10));
        }
        for (int check = 0; check <= 9; check++) {
            if (Checksums.luhn(number + Integer.toString(check))) {
                return number.append(check).toString();
            }
        }
        throw new AssertionError("unreachable: one Luhn digit always fits");
    }

    /** The same number with its last digit changed, so its Luhn digit is wrong. */
    static String breakLuhn(String valid) {
        int last = valid.charAt(valid.length() - 1) - '0';
        return valid.substring(0, valid.length() - 1) + (last + 1) % 10;
    }

    /** Digits written in groups of the given lengths, joined by the separator. */
    static String grouped(String digits, String separator, int... lengths) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int length : lengths) {
            if (at > 0) {
                out.append(separator);
            }
            out.append(digits, at, at + length);
            at += length;
        }
        assertThat(at).as("grouping covers every digit").isEqualTo(digits.length());
        return out.toString();
    }

    @Nested
    class InvoiceRegistrationNumbers {

        @Test
        void tAndThirteenDigitsWithoutSeparatorIsFoundWithAndWithoutKeyword() {
            for (int i = 0; i < 20; i++) {
                String number = corporateNumber(RANDOM);
                assertThat(confidence("登録番号：T" + number, FindingType.JP_CORPORATE_NUMBER)).as(number)
                        .isEqualTo(Confidence.HIGH);
                assertThat(confidence("適格請求書発行事業者登録番号 T" + number + "\n", FindingType.JP_CORPORATE_NUMBER))
                        .as(number).isEqualTo(Confidence.HIGH);
                assertThat(confidence("株式会社サンプル（T" + number + "）", FindingType.JP_CORPORATE_NUMBER)).as(number)
                        .isEqualTo(Confidence.MEDIUM);
            }
        }

        @Test
        void theFindingCoversTheTAndIsMasked() {
            String number = corporateNumber(RANDOM);
            var findings = Detections.of(Detections.classify("登録番号 T" + number), FindingType.JP_CORPORATE_NUMBER);
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.sample()).isEqualTo("T" + number.substring(0, 4) + "*".repeat(7) + number.substring(11));
                assertThat(f.end() - f.start()).isEqualTo(14);
            });
        }

        @Test
        void hyphenatedAndSpacedFormsStillFound() {
            String number = corporateNumber(RANDOM);
            assertThat(confidence("T-" + number, FindingType.JP_CORPORATE_NUMBER)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("T " + number, FindingType.JP_CORPORATE_NUMBER)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("T" + grouped(number, "-", 1, 4, 4, 4), FindingType.JP_CORPORATE_NUMBER))
                    .isEqualTo(Confidence.MEDIUM);
        }

        @Test
        void aBareRunStaysLowAndAWrongCheckDigitOrACodeIsNotANumber() {
            String number = corporateNumber(RANDOM);
            String wrong = (char) ('0' + ((number.charAt(0) - '0') % 9 + 1)) + number.substring(1);
            assertThat(confidence("コード " + number, FindingType.JP_CORPORATE_NUMBER)).isEqualTo(Confidence.LOW);
            assertThat(confidence("登録番号：T" + wrong, FindingType.JP_CORPORATE_NUMBER)).isNull();
            assertThat(confidence("部品 AT" + number, FindingType.JP_CORPORATE_NUMBER)).isNull();
            assertThat(confidence("部品 T" + number + "X", FindingType.JP_CORPORATE_NUMBER)).isNull();
            assertThat(confidence("注文番号 T" + number, FindingType.JP_CORPORATE_NUMBER)).isNull();
        }
    }

    @Nested
    class CardNumbers {

        /** Network, IIN prefix, length, and the groupings its cards are printed with. */
        record Network(String name, String prefix, int length, List<int[]> groupings) {
        }

        static final List<int[]> SIXTEEN = List.of(new int[] {4, 4, 4, 4});

        static final List<Network> NETWORKS = List.of(
                new Network("Visa", "4", 16, SIXTEEN),
                new Network("Visa 13", "4", 13, List.of(new int[] {4, 4, 4, 1})),
                new Network("Visa 19", "4", 19, List.of(new int[] {4, 4, 4, 4, 3})),
                new Network("Mastercard 51", "51", 16, SIXTEEN),
                new Network("Mastercard 55", "55", 16, SIXTEEN),
                new Network("Mastercard 2221", "2221", 16, SIXTEEN),
                new Network("Mastercard 2720", "2720", 16, SIXTEEN),
                new Network("Amex 34", "34", 15, List.of(new int[] {4, 6, 5}, new int[] {4, 4, 4, 3})),
                new Network("Amex 37", "37", 15, List.of(new int[] {4, 6, 5}, new int[] {4, 4, 4, 3})),
                new Network("JCB 3528", "3528", 16, SIXTEEN),
                new Network("JCB 3589", "3589", 16, SIXTEEN),
                new Network("JCB 19", "3540", 19, List.of(new int[] {4, 4, 4, 4, 3})),
                new Network("Diners 36", "36", 14, List.of(new int[] {4, 6, 4})),
                new Network("Diners 300", "300", 14, List.of(new int[] {4, 6, 4})),
                new Network("Diners 305", "305", 14, List.of(new int[] {4, 6, 4})),
                new Network("Diners 38", "38", 14, List.of(new int[] {4, 6, 4})),
                new Network("Diners 39", "39", 16, SIXTEEN),
                new Network("Diners 36 16", "36", 16, SIXTEEN),
                new Network("Discover 6011", "6011", 16, SIXTEEN),
                new Network("Discover 644", "644", 16, SIXTEEN),
                new Network("Discover 649", "649", 16, SIXTEEN),
                new Network("Discover 65", "65", 16, SIXTEEN),
                new Network("Maestro 50 12", "5018", 12, List.of(new int[] {4, 4, 4})),
                new Network("Maestro 56", "56", 16, SIXTEEN),
                new Network("Maestro 58 19", "58", 19, List.of(new int[] {4, 4, 4, 4, 3})),
                new Network("Maestro 6304", "6304", 18, List.of(new int[] {4, 4, 4, 4, 2})),
                new Network("Maestro 67", "6759", 16, SIXTEEN),
                new Network("UnionPay 62", "62", 16, SIXTEEN),
                new Network("UnionPay 62 19", "62", 19, List.of(new int[] {4, 4, 4, 4, 3}, new int[] {6, 13})));

        @Test
        void everyNetworkIsFoundInEveryPrintedGroupingAndAsOneRun() {
            for (Network network : NETWORKS) {
                for (int i = 0; i < 5; i++) {
                    String card = luhnNumber(network.prefix(), network.length(), RANDOM);
                    while (Checksums.myNumber(card)) { // twelve digits can be read either way: keep it a card
                        card = luhnNumber(network.prefix(), network.length(), RANDOM);
                    }
                    String what = network.name() + " " + card;
                    assertThat(confidence("カード番号 " + card, FindingType.CREDIT_CARD)).as(what)
                            .isEqualTo(Confidence.HIGH);
                    assertThat(confidence("番号 " + card + " です", FindingType.CREDIT_CARD)).as(what)
                            .isEqualTo(Confidence.LOW);
                    for (int[] grouping : network.groupings()) {
                        for (String separator : List.of("-", " ")) {
                            String written = grouped(card, separator, grouping);
                            var findings = Detections.of(Detections.classify("お支払い " + written + " にて"),
                                    FindingType.CREDIT_CARD);
                            assertThat(findings).as(written).singleElement().satisfies(f -> {
                                assertThat(f.confidence()).isEqualTo(Confidence.MEDIUM);
                                assertThat(f.end() - f.start()).isEqualTo(written.length());
                            });
                            assertThat(confidence("Card number: " + written, FindingType.CREDIT_CARD)).as(written)
                                    .isEqualTo(Confidence.HIGH);
                        }
                    }
                    assertThat(confidence("カード番号 " + breakLuhn(card), FindingType.CREDIT_CARD)).as(what).isNull();
                }
            }
        }

        @Test
        void aLuhnValidNumberWithNoIssuerInUseIsNotACard() {
            for (String prefix : List.of("1", "7", "8", "9", "61", "66", "68", "69", "2220", "2721")) {
                String number = luhnNumber(prefix, 16, RANDOM);
                assertThat(confidence("受付 " + number, FindingType.CREDIT_CARD)).as(number).isNull();
                assertThat(confidence("受付 " + grouped(number, "-", 4, 4, 4, 4), FindingType.CREDIT_CARD))
                        .as(number).isNull();
            }
        }

        @Test
        void aCardPrefixWithANetworksWrongLengthIsNotACard() {
            assertThat(confidence("番号 " + luhnNumber("51", 15, RANDOM), FindingType.CREDIT_CARD)).isNull();
            assertThat(confidence("番号 " + luhnNumber("37", 16, RANDOM), FindingType.CREDIT_CARD)).isNull();
            assertThat(confidence("番号 " + luhnNumber("4", 12, RANDOM), FindingType.CREDIT_CARD)).isNull();
        }

        @Test
        void mixedSeparatorsAreNotACardsGrouping() {
            String card = luhnNumber("4", 16, RANDOM);
            String mixed = card.substring(0, 4) + "-" + card.substring(4, 8) + " " + card.substring(8, 12) + "-"
                    + card.substring(12);
            assertThat(Detections.of(Detections.classify("お支払い " + mixed), FindingType.CREDIT_CARD))
                    .noneMatch(f -> f.end() - f.start() == mixed.length());
        }

        @Test
        void aSpacedLongCardIsOneFindingNotItsPrefixToo() {
            String card = luhnNumber("5018", 16, RANDOM);
            // make the first twelve digits a Luhn-valid Maestro number of their own as well
            for (int i = 0; i < 1000 && !Checksums.luhn(card.substring(0, 12)); i++) {
                card = luhnNumber("5018", 16, RANDOM);
            }
            assertThat(Checksums.luhn(card.substring(0, 12))).isTrue();
            String written = grouped(card, " ", 4, 4, 4, 4);
            assertThat(Detections.of(Detections.classify("お支払い " + written), FindingType.CREDIT_CARD))
                    .singleElement().satisfies(f -> assertThat(f.end() - f.start()).isEqualTo(written.length()));
        }
    }

    @Nested
    class PhonesByTheirLabel {

        @ParameterizedTest
        @CsvSource({
                "電話番号：,0312-345-678",   // unusual grouping of a fixed line
                "'TEL ',03-12345-678",
                "携帯：,060-1234-5678",     // a prefix the detector's numbering plan does not know
                "FAX:,(0312)345-678",
                "'電話 ',+81 3 12 345 678"})
        void aPhoneShapedValueAfterAPhoneLabelIsMedium(String label, String value) {
            assertThat(confidence(label + value, FindingType.JP_PHONE)).as(value).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("連絡は " + value + " まで", FindingType.JP_PHONE)).as("without a label: " + value)
                    .isNull();
        }

        @Test
        void aPhoneShapedValueInAPhoneColumnIsMedium() {
            var result = Detections.classifyTable(List.of("氏名", "電話番号", "備考"),
                    List.of(List.of("山田 太郎", "0312-345-678", "-"), List.of("佐藤 花子", "060-1234-5678", "-")));
            assertThat(Detections.of(result, FindingType.JP_PHONE)).hasSize(2)
                    .allMatch(f -> f.confidence() == Confidence.MEDIUM);
            var otherColumn = Detections.classifyTable(List.of("氏名", "会員ID"),
                    List.of(List.of("山田 太郎", "0312-345-678")));
            assertThat(Detections.of(otherColumn, FindingType.JP_PHONE)).isEmpty();
        }

        @Test
        void labelledValuesThatAreNotPhoneShapedStayIgnored() {
            assertThat(confidence("電話 0312-345-67", FindingType.JP_PHONE)).isNull(); // 9 digits
            assertThat(confidence("電話 0312-3456-78901", FindingType.JP_PHONE)).isNull(); // 13 digits
            assertThat(confidence("電話 3312-345-678", FindingType.JP_PHONE)).isNull(); // no leading 0
            assertThat(confidence("電話 00312-345-678", FindingType.JP_PHONE)).isNull(); // international prefix
            assertThat(confidence("電話番号の件数は 123 件、注文番号 0312-345-678", FindingType.JP_PHONE)).isNull();
        }

        @Test
        void aLabelOnTheLineBeforeOrFarAwayDoesNotCount() {
            assertThat(confidence("電話\n0312-345-678", FindingType.JP_PHONE)).isNull();
            assertThat(confidence("電話番号は下記のとおりお知らせいたします 0312-345-678", FindingType.JP_PHONE)).isNull();
        }

        @Test
        void aValidNumberWithItsLabelIsStillHigh() {
            assertThat(confidence("電話番号：090-1234-5678", FindingType.JP_PHONE)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("フリーダイヤル 0120-123-456", FindingType.JP_PHONE)).isEqualTo(Confidence.LOW);
        }
    }
}
