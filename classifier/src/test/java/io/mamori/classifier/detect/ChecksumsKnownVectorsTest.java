package io.mamori.classifier.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumsKnownVectorsTest {

    @Test
    void myNumberVectorsFromTheIssue() {
        assertThat(Checksums.myNumber("123456789018")).isTrue();
        assertThat(Checksums.myNumber("123456789019")).isFalse();
    }

    @Test
    void corporateNumberVectorsFromTheIssue() {
        assertThat(Checksums.corporateNumber("5835678256246")).isTrue();
        assertThat(Checksums.corporateNumber("2835678256246")).isFalse();
    }

    @Test
    void myNumberCheckDigitIsZeroWhenTheRemainderIsAtMostOne() {
        // 00000000000 + check: sum 0 → remainder 0 → check 0
        assertThat(Checksums.myNumber("000000000000")).isTrue();
        assertThat(Checksums.myNumber("000000000001")).isFalse();
    }

    @Test
    void luhnVectors() {
        assertThat(Checksums.luhn("4111111111111111")).isTrue();
        assertThat(Checksums.luhn("4111111111111112")).isFalse();
        assertThat(Checksums.luhn("378282246310005")).isTrue(); // a well-known Amex test number
        assertThat(Checksums.luhn("3530111333300000")).isTrue(); // a well-known JCB test number
    }

    @Test
    void driversLicenseCheckDigitAsCommonlyDocumented() {
        // 4598033587: Σ = 174, 174 mod 11 = 9, 11 − 9 = 2
        assertThat(Checksums.driversLicense("459803358720")).isTrue();
        assertThat(Checksums.driversLicense("459803358730")).isFalse();
        assertThat(Checksums.licenseIssuer("300000000000")).isTrue();
        assertThat(Checksums.licenseIssuer("990000000000")).isFalse();
    }

    /** The classifier's rules agree with the independently written generator of the test corpus. */
    @Test
    void agreesWithTheCorpusGeneratorOnTenThousandRandomValues() {
        var ids = new io.mamori.classifier.corpus.SyntheticIdentifiersAccess(new Random(7));
        for (int i = 0; i < 10_000; i++) {
            assertThat(Checksums.myNumber(ids.myNumber())).isTrue();
            assertThat(Checksums.myNumber(ids.invalidMyNumber())).isFalse();
            assertThat(Checksums.corporateNumber(ids.corporateNumber())).isTrue();
            assertThat(Checksums.corporateNumber(ids.invalidCorporateNumber())).isFalse();
            String card = ids.card();
            assertThat(Checksums.luhn(card)).isTrue();
            assertThat(CreditCardDetector.issuerAccepts(card)).isTrue();
            assertThat(Checksums.driversLicense(ids.driversLicense())).isTrue();
        }
    }
}
