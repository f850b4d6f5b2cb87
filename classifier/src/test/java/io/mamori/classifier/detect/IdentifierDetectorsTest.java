package io.mamori.classifier.detect;

import static io.mamori.classifier.detect.Detections.confidence;
import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Behaviour of the identifier detectors other than My Number. */
class IdentifierDetectorsTest {

    @Nested
    class CorporateNumbers {
        @Test
        void validWithKeywordIsHighAndInvalidIsIgnored() {
            assertThat(confidence("法人番号：5835678256246", FindingType.JP_CORPORATE_NUMBER)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("法人番号：2835678256246", FindingType.JP_CORPORATE_NUMBER)).isNull();
            assertThat(confidence("コード 5835678256246", FindingType.JP_CORPORATE_NUMBER)).isEqualTo(Confidence.LOW);
        }
    }

    @Nested
    class CreditCards {
        @Test
        void groupedValidCardIsMediumAndWithKeywordHigh() {
            assertThat(confidence("番号 4111-1111-1111-1111", FindingType.CREDIT_CARD)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("カード番号 4111 1111 1111 1111", FindingType.CREDIT_CARD)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("番号 4111111111111111", FindingType.CREDIT_CARD)).isEqualTo(Confidence.LOW);
        }

        @Test
        void badLuhnOrUnknownIssuerIsIgnored() {
            assertThat(confidence("カード番号 4111-1111-1111-1112", FindingType.CREDIT_CARD)).isNull();
            assertThat(confidence("カード番号 9111-1111-1111-1115", FindingType.CREDIT_CARD)).isNull();
        }

        @Test
        void amexIsWrittenFourSixFive() {
            assertThat(confidence("AMEX 3782-822463-10005", FindingType.CREDIT_CARD)).isEqualTo(Confidence.HIGH);
        }
    }

    @Nested
    class Phones {
        @Test
        void mobileAndFixedLineByTheirGrouping() {
            assertThat(confidence("連絡は 090-1234-5678 まで", FindingType.JP_PHONE)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("電話：03-1234-5678", FindingType.JP_PHONE)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("TEL 045-123-4567", FindingType.JP_PHONE)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("(03)1234-5678", FindingType.JP_PHONE)).isEqualTo(Confidence.MEDIUM);
        }

        @Test
        void internationalFormIsRecognised() {
            assertThat(confidence("携帯 +81-90-1234-5678", FindingType.JP_PHONE)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("+81 3 1234 5678", FindingType.JP_PHONE)).isEqualTo(Confidence.MEDIUM);
        }

        @Test
        void wrongDigitCountsAndGroupingsAreIgnoredInRunningText() {
            assertThat(confidence("連絡は 090-1234-567 まで", FindingType.JP_PHONE)).isNull();
            assertThat(confidence("連絡は 03-12345-678 まで", FindingType.JP_PHONE)).isNull();
            assertThat(confidence("電話 090-1234-56", FindingType.JP_PHONE)).isNull(); // 9 digits: not phone-shaped
        }

        @Test
        void rightAfterAPhoneLabelAPhoneShapedValueIsMediumWhateverTheGrouping() {
            // issue 22: the label says what the value is (DetectionGapsTest has the full set)
            assertThat(confidence("電話 090-1234-567", FindingType.JP_PHONE)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("電話 03-12345-678", FindingType.JP_PHONE)).isEqualTo(Confidence.MEDIUM);
        }

        @Test
        void tollFreeNumbersBelongToBusinessesAndStayLow() {
            assertThat(confidence("フリーダイヤル 0120-123-456", FindingType.JP_PHONE)).isEqualTo(Confidence.LOW);
        }
    }

    @Nested
    class PostalCodes {
        @Test
        void theMarkMakesItHighAPrefectureMedium() {
            assertThat(confidence("〒160-0023", FindingType.JP_POSTAL_CODE)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("160-0023 東京都新宿区", FindingType.JP_POSTAL_CODE)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("型式 160-0023", FindingType.JP_POSTAL_CODE)).isEqualTo(Confidence.LOW);
        }
    }

    @Nested
    class BankAccounts {
        @Test
        void needsAnAccountKeywordAndIsHighWithABank() {
            assertThat(confidence("みどり銀行 駅前支店 普通 口座番号 1234567", FindingType.JP_BANK_ACCOUNT))
                    .isEqualTo(Confidence.HIGH);
            assertThat(confidence("口座番号 1234567", FindingType.JP_BANK_ACCOUNT)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("会員 1234567", FindingType.JP_BANK_ACCOUNT)).isNull();
        }

        @Test
        void anAmountIsNotAnAccount() {
            assertThat(confidence("口座への入金額 1234567円", FindingType.JP_BANK_ACCOUNT)).isNull();
        }

        @Test
        void yuchoSymbolAndNumber() {
            assertThat(confidence("ゆうちょ銀行 口座番号 12345-12345671", FindingType.JP_BANK_ACCOUNT))
                    .isEqualTo(Confidence.HIGH);
        }
    }

    @Nested
    class KeywordOnlyIdentifiers {
        @Test
        void passportNeedsItsKeyword() {
            assertThat(confidence("旅券番号：TK1234567", FindingType.JP_PASSPORT)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("型番：TK1234567", FindingType.JP_PASSPORT)).isNull();
            assertThat(confidence("旅券番号：XTK1234567", FindingType.JP_PASSPORT)).isNull();
        }

        @Test
        void residenceCardNeedsItsKeyword() {
            assertThat(confidence("在留カード番号 AB12345678CD", FindingType.JP_RESIDENCE_CARD)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("製品 AB12345678CD", FindingType.JP_RESIDENCE_CARD)).isNull();
        }

        @Test
        void driversLicenseIsHighOnlyWhenIssuerAndCheckDigitHold() {
            assertThat(confidence("運転免許証番号 459803358720", FindingType.JP_DRIVERS_LICENSE)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("運転免許証番号 459803358730", FindingType.JP_DRIVERS_LICENSE))
                    .isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("番号 459803358720", FindingType.JP_DRIVERS_LICENSE)).isNull();
        }

        @Test
        void pensionAndResidentCodesNeedTheirKeywords() {
            assertThat(confidence("基礎年金番号 1234-567890", FindingType.JP_PENSION_NUMBER)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("品番 1234-567890", FindingType.JP_PENSION_NUMBER)).isNull();
            assertThat(confidence("住民票コード 12345678901", FindingType.JP_RESIDENT_CODE)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("伝票 12345678901", FindingType.JP_RESIDENT_CODE)).isNull();
        }
    }

    @Nested
    class Emails {
        @Test
        void personalAddressesAreMediumAndRoleAccountsLow() {
            assertThat(confidence("送付先 taro.yamada@example.co.jp です", FindingType.EMAIL)).isEqualTo(Confidence.MEDIUM);
            assertThat(confidence("メール: taro.yamada@example.co.jp", FindingType.EMAIL)).isEqualTo(Confidence.HIGH);
            assertThat(confidence("問い合わせ info@example.co.jp", FindingType.EMAIL)).isEqualTo(Confidence.LOW);
            // in any case, the longest and the hyphenated ones too
            for (String role : List.of("Support", "MAILER-DAEMON", "no-reply", "Webmaster", "pr", "jinji")) {
                assertThat(confidence("問い合わせ " + role + "@example.co.jp", FindingType.EMAIL)).as(role)
                        .isEqualTo(Confidence.LOW);
            }
            for (String person : List.of("user1", "prefect", "Info2", "supporter")) {
                assertThat(confidence("送付先 " + person + "@example.co.jp", FindingType.EMAIL)).as(person)
                        .isEqualTo(Confidence.MEDIUM);
            }
        }

        @Test
        void aSentencesFullStopIsNotPartOfTheDomain() {
            var findings = Detections.of(Detections.classify("連絡先は hanako@example.com."), FindingType.EMAIL);
            assertThat(findings).singleElement().extracting(Finding::sample).isEqualTo("h*****@example.com");
        }

        @Test
        void somethingThatOnlyLooksLikeAnAddressIsIgnored() {
            assertThat(confidence("@mention と a@b と x@localhost", FindingType.EMAIL)).isNull();
        }
    }

    @Nested
    class OneSpanOneType {
        @Test
        void theClosestLabelDecidesBetweenTwoPossibleTypes() {
            // 12 digits that pass both the My Number and the licence rules, labelled as a licence
            String text = "マイナンバーは別紙。\n運転免許証番号：459803358720";
            var result = Detections.classify(text);
            assertThat(Detections.of(result, FindingType.JP_DRIVERS_LICENSE)).hasSize(1);
            assertThat(Detections.of(result, FindingType.JP_MY_NUMBER)).isEmpty();
        }
    }
}
