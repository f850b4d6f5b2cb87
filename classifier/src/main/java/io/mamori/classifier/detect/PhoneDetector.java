package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * Japanese telephone numbers by the numbering plan's digit-count rules: fixed lines (10 digits,
 * area code of 2–5 digits with the local number making 6, then 4), mobile (070/080/090, 11), IP
 * (050, 11), M2M (020, 11), toll-free and shared-cost (0120/0570/0990, 10; 0800, 11), and the
 * same written internationally (+81, without the leading 0). HIGH with a phone keyword nearby;
 * MEDIUM when written with a valid grouping; LOW as an unbroken block. Toll-free and shared-cost
 * numbers belong to businesses and stay LOW. In a phone column or right after a phone label
 * (電話番号, TEL, 携帯, FAX …), a value shaped like a phone number that the plan or the grouping
 * would reject is still found, at MEDIUM.
 */
public final class PhoneDetector implements Detector {

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        for (NumberCandidate number : context.lexical().numbers()) {
            String national = nationalDigits(number);
            if (national == null || !number.standsAlone() || number.isQuantity()) {
                continue;
            }
            Kind kind = kindOf(national);
            boolean planFits = kind != null && groupingFits(number, kind);
            if ((!planFits && !labelledPhoneShaped(number, national, text, context))
                    || context.labelledNotPersonal(number.start(), number.end())) {
                continue;
            }
            Confidence confidence;
            if (!planFits) {
                confidence = Confidence.MEDIUM;
            } else if (kind == Kind.BUSINESS) {
                confidence = Confidence.LOW;
            } else if (context.hasContext(KeywordFamily.PHONE, number.start(), number.end())) {
                confidence = Confidence.HIGH;
            } else if (!number.isContiguous() || number.plusSign()) {
                confidence = Confidence.MEDIUM;
            } else {
                confidence = Confidence.LOW;
            }
            int keep = number.isContiguous() ? 3 : Math.min(4, number.groups()[0]);
            findings.add(Finding.lazy(FindingType.JP_PHONE, confidence, number.start(), number.end(),
                    () -> Masks.digits(number.written(text), keep, 2), () -> ValueKeys.of(national)));
        }
        return findings;
    }

    /** How far after a phone label (TEL：, 電話番号 (自宅)：) its value may start on the same line. */
    static final int LABEL_GAP = 12;

    /**
     * A value in a 電話番号 / TEL / 携帯 / FAX column, or right after such a label on its line, that
     * is shaped like a phone number (10 or 11 digits from a leading 0 or +81, joined by hyphens,
     * spaces or parentheses): the label says it is a phone number even when its area code is not
     * in the numbering plan or its grouping is unusual ({@code 0312-34-5678}).
     */
    private static boolean labelledPhoneShaped(NumberCandidate number, String national, NormalizedText text,
            DetectionContext context) {
        int length = national.length();
        if (length < 10 || length > 11 || national.startsWith("00") || !phoneSeparators(number.written(text))) {
            return false;
        }
        return context.tables().columnHas(KeywordFamily.PHONE, number.start())
                || context.labelRightBefore(KeywordFamily.PHONE, number.start(), LABEL_GAP);
    }

    /** Digits joined only by what people write between phone-number groups. */
    private static boolean phoneSeparators(String written) {
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if ((c < '0' || c > '9') && c != '-' && c != ' ' && c != '(' && c != ')' && !(i == 0 && c == '+')) {
                return false;
            }
        }
        return true;
    }

    enum Kind { FIXED, MOBILE, BUSINESS }

    /** The number as dialled inside Japan (leading 0), or null when it is not Japanese. */
    private static String nationalDigits(NumberCandidate number) {
        String digits = number.digits();
        if (number.plusSign()) {
            return digits.startsWith("81") && digits.length() >= 11 ? "0" + digits.substring(2) : null;
        }
        return digits.charAt(0) == '0' ? digits : null;
    }

    static Kind kindOf(String national) {
        int length = national.length();
        if (length < 10 || national.startsWith("00")) {
            return null; // too short, or the international call prefix
        }
        if (national.startsWith("070") || national.startsWith("080") || national.startsWith("090")
                || national.startsWith("050") || national.startsWith("020")) {
            return length == 11 ? Kind.MOBILE : null;
        }
        if (national.startsWith("0120") || national.startsWith("0570") || national.startsWith("0990")) {
            return length == 10 ? Kind.BUSINESS : null;
        }
        if (national.startsWith("0800")) {
            return length == 11 ? Kind.BUSINESS : null;
        }
        return length == 10 ? Kind.FIXED : null;
    }

    private static boolean groupingFits(NumberCandidate number, Kind kind) {
        if (number.isContiguous()) {
            return true;
        }
        int[] groups = number.groups();
        if (number.plusSign()) {
            // +81 3 1234 5678, +81-90-1234-5678: the first group is the country code
            return groups.length >= 3 && groups[0] == 2 && groups[groups.length - 1] == 4;
        }
        if (groups.length != 3) {
            return false;
        }
        return switch (kind) {
            case MOBILE -> groups[0] == 3 && groups[1] == 4 && groups[2] == 4;
            case BUSINESS -> groups[0] == 4 && groups[1] == 3 && (groups[2] == 3 || groups[2] == 4);
            case FIXED -> groups[0] >= 2 && groups[0] <= 5 && groups[0] + groups[1] == 6 && groups[2] == 4;
        };
    }
}
