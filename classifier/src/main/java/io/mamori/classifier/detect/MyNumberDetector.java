package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * 個人番号 (My Number): 12 digits, written unbroken or 4-4-4, with a valid check digit. HIGH with a
 * supporting keyword (マイナンバー, 個人番号, 通知カード …); without one, MEDIUM when written 4-4-4
 * (the form the card prints) and LOW otherwise. A number labelled 注文番号 or the like is ignored.
 */
public final class MyNumberDetector implements Detector {

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        for (NumberCandidate number : context.lexical().numbers()) {
            String digits = number.digits();
            if (digits.length() != 12 || !(number.isContiguous() || number.hasGroups(4, 4, 4))
                    || !number.standsAlone() || number.isQuantity() || number.plusSign()
                    || !Checksums.myNumber(digits) || context.labelledNotPersonal(number.start(), number.end())) {
                continue;
            }
            Confidence confidence;
            if (context.hasContext(KeywordFamily.MY_NUMBER, number.start(), number.end())) {
                confidence = Confidence.HIGH;
            } else if (number.hasGroups(4, 4, 4)) {
                confidence = Confidence.MEDIUM;
            } else {
                confidence = Confidence.LOW;
            }
            findings.add(Finding.lazy(FindingType.JP_MY_NUMBER, confidence, number.start(), number.end(),
                    () -> Masks.digits(number.written(text), 4, 2), () -> ValueKeys.of(digits)));
        }
        return findings;
    }
}
