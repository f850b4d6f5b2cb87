package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * 郵便番号: seven digits written 123-4567 (or unbroken right after 〒). HIGH right after 〒 or a
 * 郵便番号 label, or in a 郵便番号 column; MEDIUM when a prefecture follows (the start of an
 * address); LOW as a bare 123-4567, which is also a common part-number shape.
 */
public final class PostalCodeDetector implements Detector {

    private static final int LABEL_GAP = 12;

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        KeywordHits prefectures = context.hits(KeywordFamily.PREFECTURE);
        for (NumberCandidate number : context.lexical().numbers()) {
            if (number.digits().length() != 7 || !number.standsAlone() || number.isQuantity() || number.plusSign()) {
                continue;
            }
            boolean labelled = context.labelRightBefore(KeywordFamily.POSTAL_CODE, number.start(), LABEL_GAP)
                    || context.tables().columnHas(KeywordFamily.POSTAL_CODE, number.start());
            boolean dashed = number.hasGroups(3, 4);
            if (!dashed && !(number.isContiguous() && labelled)) {
                continue;
            }
            if (context.labelledNotPersonal(number.start(), number.end())) {
                continue;
            }
            Confidence confidence;
            if (labelled) {
                confidence = Confidence.HIGH;
            } else if (prefectureFollows(prefectures, number.end())) {
                confidence = Confidence.MEDIUM;
            } else {
                confidence = Confidence.LOW;
            }
            findings.add(Finding.lazy(FindingType.JP_POSTAL_CODE, confidence, number.start(), number.end(),
                    () -> Masks.digits(number.written(text), 3, 0), () -> ValueKeys.of(number.digits())));
        }
        return findings;
    }

    private static boolean prefectureFollows(KeywordHits prefectures, int end) {
        int next = prefectures.firstAtOrAfter(end);
        return next < prefectures.size() && prefectures.start(next) - end <= 3;
    }
}
