package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * Identifiers made of capital letters around digits, only with their keyword: 旅券番号 (two
 * letters, seven digits: TK1234567) and 在留カード番号 (two letters, eight digits, two letters:
 * AB12345678CD). Found with the keyword nearby or in the column, then HIGH.
 */
public final class LetterCodedIdDetector implements Detector {

    private final FindingType type;
    private final KeywordFamily keyword;
    private final int digits;
    private final int lettersAfter;

    private LetterCodedIdDetector(FindingType type, KeywordFamily keyword, int digits, int lettersAfter) {
        this.type = type;
        this.keyword = keyword;
        this.digits = digits;
        this.lettersAfter = lettersAfter;
    }

    public static LetterCodedIdDetector passport() {
        return new LetterCodedIdDetector(FindingType.JP_PASSPORT, KeywordFamily.PASSPORT, 7, 0);
    }

    public static LetterCodedIdDetector residenceCard() {
        return new LetterCodedIdDetector(FindingType.JP_RESIDENCE_CARD, KeywordFamily.RESIDENCE_CARD, 8, 2);
    }

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        char[] chars = text.chars();
        int n = text.length();
        for (NumberCandidate number : context.lexical().numbers()) {
            if (number.digits().length() != digits || !number.isContiguous() || number.plusSign()) {
                continue;
            }
            int start = number.start() - 2;
            int end = number.end() + lettersAfter;
            if (start < 0 || end > n || !upper(chars[start]) || !upper(chars[start + 1])) {
                continue;
            }
            boolean lettersOk = true;
            for (int i = number.end(); i < end; i++) {
                lettersOk &= upper(chars[i]);
            }
            if (!lettersOk || (start > 0 && NumberCandidate.isAsciiLetterOrDigit(chars[start - 1]))
                    || (end < n && NumberCandidate.isAsciiLetterOrDigit(chars[end]))
                    || !context.hasContext(keyword, start, end)) {
                continue;
            }
            String value = text.substring(start, end);
            findings.add(new Finding(type, Confidence.HIGH, start, end, Masks.middle(value, 2, 2), ValueKeys.of(value)));
        }
        return findings;
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
