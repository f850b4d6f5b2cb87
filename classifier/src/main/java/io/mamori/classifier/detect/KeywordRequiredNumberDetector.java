package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The numeric identifiers that have no public check digit and are only recognisable by their
 * label: 住民票コード (11 digits) and 基礎年金番号 (10 digits, written 4-6). Found only with their
 * keyword nearby or in their column, then HIGH.
 */
public final class KeywordRequiredNumberDetector implements Detector {

    private final FindingType type;
    private final KeywordFamily keyword;
    private final Predicate<NumberCandidate> shape;

    private KeywordRequiredNumberDetector(FindingType type, KeywordFamily keyword, Predicate<NumberCandidate> shape) {
        this.type = type;
        this.keyword = keyword;
        this.shape = shape;
    }

    /** 住民票コード: eleven digits. */
    public static KeywordRequiredNumberDetector residentCode() {
        return new KeywordRequiredNumberDetector(FindingType.JP_RESIDENT_CODE, KeywordFamily.RESIDENT_CODE,
                n -> n.digits().length() == 11 && (n.isContiguous() || n.hasGroups(4, 4, 3)));
    }

    /** 基礎年金番号: ten digits, 1234-567890. */
    public static KeywordRequiredNumberDetector pensionNumber() {
        return new KeywordRequiredNumberDetector(FindingType.JP_PENSION_NUMBER, KeywordFamily.PENSION_NUMBER,
                n -> n.digits().length() == 10 && (n.isContiguous() || n.hasGroups(4, 6)));
    }

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        for (NumberCandidate number : context.lexical().numbers()) {
            if (!shape.test(number) || !number.standsAlone() || number.isQuantity() || number.plusSign()
                    || !context.hasContext(keyword, number.start(), number.end())
                    || context.labelledNotPersonal(number.start(), number.end())) {
                continue;
            }
            findings.add(new Finding(type, Confidence.HIGH, number.start(), number.end(),
                    Masks.digits(number.written(text), 0, 2), ValueKeys.of(number.digits())));
        }
        return findings;
    }
}
