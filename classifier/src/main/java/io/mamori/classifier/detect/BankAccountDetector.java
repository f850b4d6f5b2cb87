package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * 口座番号: seven digits (banks' ordinary and current accounts), or ゆうちょ銀行's 記号-番号
 * (5 digits, then up to 8). Only with an account keyword (口座番号, 普通預金 …) nearby or in its
 * column: HIGH when a bank or branch is named too (銀行, 支店, 店番 …), MEDIUM otherwise.
 */
public final class BankAccountDetector implements Detector {

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        for (NumberCandidate number : context.lexical().numbers()) {
            String digits = number.digits();
            boolean ordinary = digits.length() == 7 && number.isContiguous();
            boolean yucho = number.groups().length == 2 && number.groups()[0] == 5 && number.groups()[1] >= 6
                    && number.groups()[1] <= 8;
            if (!(ordinary || yucho) || !number.standsAlone() || number.isQuantity() || number.plusSign()
                    || !context.hasContext(KeywordFamily.BANK_ACCOUNT, number.start(), number.end())
                    || context.labelledNotPersonal(number.start(), number.end())) {
                continue;
            }
            KeywordFamily label = context.closestLabel(number.start(), number.end());
            if (label != null && label != KeywordFamily.BANK_ACCOUNT && label != KeywordFamily.BANK_DETAIL) {
                continue; // a 7-digit number labelled as something else (a postal code, a phone)
            }
            Confidence confidence = context.hasContext(KeywordFamily.BANK_DETAIL, number.start(), number.end())
                    ? Confidence.HIGH : Confidence.MEDIUM;
            findings.add(Finding.lazy(FindingType.JP_BANK_ACCOUNT, confidence, number.start(), number.end(),
                    () -> Masks.digits(number.written(text), 0, 2), () -> ValueKeys.of(digits)));
        }
        return findings;
    }
}
