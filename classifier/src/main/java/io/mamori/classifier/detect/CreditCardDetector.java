package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * Payment card numbers: 12 to 19 digits with an issuer prefix in use and a length that network
 * issues (Visa, Mastercard, American Express, JCB, Diners Club, Discover, Maestro, UnionPay) and a
 * valid Luhn digit, written as one run or in a grouping issuers print, with one kind of separator
 * (all spaces or all hyphens). HIGH with a card keyword nearby; MEDIUM when grouped; LOW when it
 * is an unbroken block without a keyword. A number with no issuer prefix in use is never a card,
 * whatever its Luhn digit.
 */
public final class CreditCardDetector implements Detector {

    private static final int MIN_LENGTH = 12;

    /** Groupings printed on cards and statements, by digit count. */
    private static final int[][] GROUPINGS = {
            {4, 4, 4},          // 12: Maestro
            {4, 4, 4, 1},       // 13: Visa
            {4, 6, 4},          // 14: Diners Club
            {4, 6, 5},          // 15: American Express
            {4, 4, 4, 3},       // 15: American Express as some statements print it
            {4, 4, 4, 4},       // 16
            {4, 4, 4, 4, 1},    // 17
            {4, 4, 4, 4, 2},    // 18
            {4, 4, 4, 4, 3},    // 19
            {6, 13},            // 19: UnionPay, Maestro
    };

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        for (NumberCandidate number : context.lexical().numbers()) {
            String digits = number.digits();
            if (digits.length() < MIN_LENGTH || !isCardGrouping(number) || !number.standsAlone() || number.isQuantity()
                    || number.plusSign() || !issuerAccepts(digits) || !Checksums.luhn(digits)
                    || !oneKindOfSeparator(number.written(text))
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
            findings.add(Finding.lazy(FindingType.CREDIT_CARD, confidence, number.start(), number.end(),
                    () -> Masks.digits(number.written(text), 4, 4), () -> ValueKeys.of(digits)));
        }
        return longestOnly(findings);
    }

    private static boolean isCardGrouping(NumberCandidate number) {
        if (number.isContiguous()) {
            return true;
        }
        for (int[] grouping : GROUPINGS) {
            if (number.hasGroups(grouping)) {
                return true;
            }
        }
        return false;
    }

    /** {@code 4111-1111-1111-1111} or {@code 4111 1111 1111 1111}, not {@code 4111-1111 1111(1111}. */
    static boolean oneKindOfSeparator(String written) {
        char separator = 0;
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (c >= '0' && c <= '9') {
                continue;
            }
            if ((c != ' ' && c != '-') || (separator != 0 && c != separator)) {
                return false;
            }
            separator = c;
        }
        return true;
    }

    /**
     * A space is a weak join, so {@code 5018 1234 5678 9012} is also seen as its first twelve
     * digits: keep only the card that is not part of a longer card.
     */
    private static List<Finding> longestOnly(List<Finding> findings) {
        if (findings.size() < 2) {
            return findings;
        }
        List<Finding> kept = new ArrayList<>(findings.size());
        for (Finding finding : findings) {
            boolean inside = false;
            for (Finding other : findings) {
                if (other != finding && other.start() <= finding.start() && other.end() >= finding.end()
                        && other.end() - other.start() > finding.end() - finding.start()) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                kept.add(finding);
            }
        }
        return kept;
    }

    /** Issuer identification number ranges in use and the lengths each network issues. */
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
        if (two == 50 || (two >= 56 && two <= 58) || four == 6304 || four == 6390 || two == 67) {
            return length >= 12 && length <= 19; // Maestro
        }
        return false;
    }
}
