package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * Payment card numbers: 13 to 19 digits with a known issuer prefix and length (Visa, Mastercard,
 * American Express, JCB, Diners Club, Discover, UnionPay) and a valid Luhn digit. HIGH with a card
 * keyword nearby; MEDIUM when written in the card's own grouping (4-4-4-4, 4-6-5, 4-6-4); LOW when
 * it is an unbroken block without a keyword.
 */
public final class CreditCardDetector implements Detector {

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        for (NumberCandidate number : context.lexical().numbers()) {
            String digits = number.digits();
            int length = digits.length();
            if (length < 13 || !isCardGrouping(number) || !number.standsAlone() || number.isQuantity()
                    || number.plusSign() || !issuerAccepts(digits) || !Checksums.luhn(digits)
                    || context.labelledNotPersonal(number.start(), number.end())) {
                continue;
            }
            Confidence confidence;
            if (context.hasContext(KeywordFamily.CREDIT_CARD, number.start(), number.end())) {
                confidence = Confidence.HIGH;
            } else if (!number.isContiguous()) {
                confidence = Confidence.MEDIUM;
            } else {
                confidence = Confidence.LOW;
            }
            findings.add(new Finding(FindingType.CREDIT_CARD, confidence, number.start(), number.end(),
                    Masks.digits(number.written(text), 4, 4), ValueKeys.of(digits)));
        }
        return findings;
    }

    private static boolean isCardGrouping(NumberCandidate number) {
        return number.isContiguous() || number.hasGroups(4, 4, 4, 4) || number.hasGroups(4, 6, 5)
                || number.hasGroups(4, 6, 4) || number.hasGroups(4, 4, 4, 4, 3) || number.hasGroups(4, 4, 4, 1);
    }

    /** Issuer identification number ranges and the lengths each network issues. */
    static boolean issuerAccepts(String digits) {
        int length = digits.length();
        int two = Integer.parseInt(digits.substring(0, 2));
        int three = Integer.parseInt(digits.substring(0, 3));
        int four = Integer.parseInt(digits.substring(0, 4));
        int six = Integer.parseInt(digits.substring(0, 6));
        if (digits.charAt(0) == '4') {
            return length == 13 || length == 16 || length == 19; // Visa
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return length == 16; // Mastercard
        }
        if (two == 34 || two == 37) {
            return length == 15; // American Express
        }
        if (four >= 3528 && four <= 3589) {
            return length >= 16 && length <= 19; // JCB
        }
        if ((three >= 300 && three <= 305) || four == 3095 || two == 36 || two == 38 || two == 39) {
            return length >= 14 && length <= 19; // Diners Club
        }
        if (four == 6011 || (three >= 644 && three <= 649) || two == 65 || (six >= 622126 && six <= 622925)) {
            return length >= 16 && length <= 19; // Discover
        }
        if (two == 62) {
            return length >= 16 && length <= 19; // UnionPay
        }
        return false;
    }
}
