package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * 法人番号 (corporate number) and 適格請求書発行事業者登録番号 (qualified-invoice registration number,
 * {@code T} followed by the same 13 digits): 13 digits whose leading check digit is valid,
 * unbroken or 1-4-4-4. HIGH with 法人番号 / 登録番号 / 適格請求書 nearby; MEDIUM when written as an
 * invoice registration number ({@code T1234567890123}, {@code T-1234567890123}) without a keyword,
 * since the {@code T} says what the digits are; LOW for a bare 13-digit run. Corporate numbers are
 * published by the 国税庁, so they matter for context (a company's records) rather than as
 * personal data.
 */
public final class CorporateNumberDetector implements Detector {

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        char[] chars = text.chars();
        for (NumberCandidate number : context.lexical().numbers()) {
            String digits = number.digits();
            if (digits.length() != 13 || !(number.isContiguous() || number.hasGroups(1, 4, 4, 4))
                    || number.isQuantity() || number.plusSign() || !Checksums.corporateNumber(digits)) {
                continue;
            }
            int prefix = invoicePrefixAt(chars, number);
            if ((prefix < 0 && !number.standsAlone())
                    || context.labelledNotPersonal(number.start(), number.end())) {
                continue;
            }
            int start = prefix < 0 ? number.start() : prefix;
            Confidence confidence;
            if (context.hasContext(KeywordFamily.CORPORATE_NUMBER, number.start(), number.end())) {
                confidence = Confidence.HIGH;
            } else if (prefix >= 0) {
                confidence = Confidence.MEDIUM;
            } else {
                confidence = Confidence.LOW;
            }
            findings.add(new Finding(FindingType.JP_CORPORATE_NUMBER, confidence, start, number.end(),
                    Masks.digits(text.substring(start, number.end()), 4, 2), ValueKeys.of(digits)));
        }
        return findings;
    }

    /**
     * Where the {@code T} of an invoice registration number starts ({@code T1234567890123},
     * {@code T-1234567890123}, {@code T 1234567890123}), or -1 when the number has none. The
     * {@code T} must itself stand alone: {@code AT1234567890123} is a part code.
     */
    static int invoicePrefixAt(char[] chars, NumberCandidate number) {
        char after = number.after();
        if (NumberCandidate.isAsciiLetterOrDigit(after) || after == '.' || after == ',' || after == '_') {
            return -1;
        }
        int t = number.start() - 1;
        if (t >= 0 && (chars[t] == '-' || chars[t] == ' ')) {
            t--;
        }
        if (t < 0 || chars[t] != 'T') {
            return -1;
        }
        char before = t > 0 ? chars[t - 1] : ' ';
        return NumberCandidate.isAsciiLetterOrDigit(before) || before == '.' || before == '_' || before == '-' ? -1 : t;
    }
}
