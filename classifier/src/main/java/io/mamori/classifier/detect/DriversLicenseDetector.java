package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * 運転免許証番号: twelve digits, only with a licence keyword nearby or in its column. HIGH when the
 * issuing 公安委員会 code and the commonly documented check digit both hold; MEDIUM when only the
 * issuer code does; LOW otherwise.
 */
public final class DriversLicenseDetector implements Detector {

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        for (NumberCandidate number : context.lexical().numbers()) {
            String digits = number.digits();
            if (digits.length() != 12 || !(number.isContiguous() || number.hasGroups(4, 4, 4))
                    || !number.standsAlone() || number.isQuantity() || number.plusSign()
                    || !context.hasContext(KeywordFamily.DRIVERS_LICENSE, number.start(), number.end())
                    || context.labelledNotPersonal(number.start(), number.end())) {
                continue;
            }
            Confidence confidence;
            if (!Checksums.licenseIssuer(digits)) {
                confidence = Confidence.LOW;
            } else if (Checksums.driversLicense(digits)) {
                confidence = Confidence.HIGH;
            } else {
                confidence = Confidence.MEDIUM;
            }
            findings.add(new Finding(FindingType.JP_DRIVERS_LICENSE, confidence, number.start(), number.end(),
                    Masks.digits(number.written(text), 2, 1), ValueKeys.of(digits)));
        }
        return findings;
    }
}
