package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * 法人番号 (corporate number): 13 digits whose leading check digit is valid. HIGH with 法人番号
 * nearby, LOW otherwise. Corporate numbers are published by the 国税庁, so they matter for
 * context (a company's records) rather than as personal data.
 */
public final class CorporateNumberDetector implements Detector {

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        for (NumberCandidate number : context.lexical().numbers()) {
            String digits = number.digits();
            if (digits.length() != 13 || !(number.isContiguous() || number.hasGroups(1, 4, 4, 4))
                    || !number.standsAlone() || number.isQuantity() || number.plusSign()
                    || !Checksums.corporateNumber(digits) || context.labelledNotPersonal(number.start(), number.end())) {
                continue;
            }
            Confidence confidence = context.hasContext(KeywordFamily.CORPORATE_NUMBER, number.start(), number.end())
                    ? Confidence.HIGH : Confidence.LOW;
            findings.add(new Finding(FindingType.JP_CORPORATE_NUMBER, confidence, number.start(), number.end(),
                    Masks.digits(number.written(text), 4, 2), ValueKeys.of(digits)));
        }
        return findings;
    }
}
