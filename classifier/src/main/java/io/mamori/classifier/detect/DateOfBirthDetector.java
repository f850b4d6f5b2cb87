package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * 生年月日: dates in 西暦 ({@code 1985年4月12日}, {@code 1985/4/12}, {@code 1985-04-12},
 * {@code 1985.4.12}) and 和暦 ({@code 昭和60年4月12日}, {@code 平成元年…}, {@code S60.4.12}) that exist
 * in the calendar and in their era, and lie in a living person's lifetime. Dates are everywhere,
 * so a date is a birth date only with evidence: HIGH right after a birth-date label (生年月日,
 * 誕生日 …), in a birth-date column, or right before 生まれ/生; MEDIUM when an age (…歳) follows;
 * LOW otherwise. A date labelled as another date (作成日, 発行日 …) is not reported.
 */
public final class DateOfBirthDetector implements Detector {

    private static final int LABEL_GAP = 20;
    private static final int OLDEST_AGE = 125;

    record ParsedDate(int start, int end, LocalDate date) {
    }

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        LocalDate today = context.today();
        LocalDate earliest = today.minusYears(OLDEST_AGE);
        int consumedTo = -1;
        for (ParsedDate parsed : candidates(text, context)) {
            if (parsed.start() < consumedTo || parsed.date().isAfter(today) || parsed.date().isBefore(earliest)) {
                continue;
            }
            consumedTo = parsed.end();
            Confidence confidence = confidence(text, context, parsed);
            if (confidence == null) {
                continue;
            }
            findings.add(Finding.lazy(FindingType.DATE_OF_BIRTH, confidence, parsed.start(), parsed.end(),
                    () -> mask(text.substring(parsed.start(), parsed.end())), () -> ValueKeys.of(parsed.date().toString())));
        }
        return findings;
    }

    private static Confidence confidence(NormalizedText text, DetectionContext context, ParsedDate parsed) {
        int start = parsed.start();
        int end = parsed.end();
        boolean birthLabel = context.labelRightBefore(KeywordFamily.DATE_OF_BIRTH, start, LABEL_GAP);
        boolean otherLabel = context.labelRightBefore(KeywordFamily.OTHER_DATE, start, LABEL_GAP);
        if (birthLabel && otherLabel) {
            KeywordHits birth = context.hits(KeywordFamily.DATE_OF_BIRTH);
            KeywordHits other = context.hits(KeywordFamily.OTHER_DATE);
            birthLabel = birth.end(birth.lastEndingBefore(start, LABEL_GAP)) >= other.end(other.lastEndingBefore(start,
                    LABEL_GAP));
            otherLabel = !birthLabel;
        }
        if (birthLabel || context.tables().columnHas(KeywordFamily.DATE_OF_BIRTH, start) || bornFollows(text, end)) {
            return Confidence.HIGH;
        }
        if (otherLabel || context.tables().columnHas(KeywordFamily.OTHER_DATE, start)) {
            return null;
        }
        if (ageFollows(text, end)) {
            return Confidence.MEDIUM;
        }
        return Confidence.LOW;
    }

    private static boolean bornFollows(NormalizedText text, int end) {
        int i = skipSpaces(text, end);
        return i < text.length() && text.charAt(i) == '生';
    }

    private static boolean ageFollows(NormalizedText text, int end) {
        for (int i = end; i < Math.min(text.length(), end + 8); i++) {
            char c = text.charAt(i);
            if (c == '歳' || c == '才') {
                return true;
            }
            if (c == '\n') {
                return false;
            }
        }
        return false;
    }

    /** Every parseable date, in text order. */
    static List<ParsedDate> candidates(NormalizedText text, DetectionContext context) {
        List<ParsedDate> dates = new ArrayList<>();
        IntList numeric = context.lexical().dateStarts();
        KeywordHits years = context.hits(KeywordFamily.YEAR_MARK);
        int a = 0;
        int b = 0;
        while (a < numeric.size() || b < years.size()) {
            ParsedDate parsed;
            if (b >= years.size() || (a < numeric.size() && numeric.get(a) < years.start(b))) {
                parsed = parseNumeric(text, numeric.get(a++));
            } else {
                parsed = parseKanji(text, years.start(b++));
            }
            if (parsed != null) {
                dates.add(parsed);
            }
        }
        dates.sort((x, y) -> Integer.compare(x.start(), y.start()));
        return dates;
    }

    /** 1985/4/12, 1985-04-12, 1985.4.12, S60.4.12 starting at {@code start}. */
    static ParsedDate parseNumeric(NormalizedText text, int start) {
        int n = text.length();
        int i = start;
        JapaneseEra era = null;
        if (!isDigit(text.charAt(i))) {
            era = JapaneseEra.byLetter(text.charAt(i));
            i++;
        }
        int yearStart = i;
        int year = 0;
        while (i < n && isDigit(text.charAt(i)) && i - yearStart < 4) {
            year = year * 10 + text.charAt(i) - '0';
            i++;
        }
        int yearDigits = i - yearStart;
        if (i >= n || (era == null && yearDigits != 4) || (era != null && yearDigits > 2)) {
            return null;
        }
        char separator = text.charAt(i);
        if (separator != '/' && separator != '.' && separator != '-') {
            return null;
        }
        int[] month = readNumber(text, i + 1, 2);
        if (month == null || month[1] >= n || text.charAt(month[1]) != separator) {
            return null;
        }
        int[] day = readNumber(text, month[1] + 1, 2);
        if (day == null || (day[1] < n && isDigit(text.charAt(day[1])))) {
            return null;
        }
        LocalDate date = era == null ? Dates.of(year, month[0], day[0]) : era.toDate(year, month[0], day[0]);
        return date == null ? null : new ParsedDate(start, day[1], date);
    }

    /** 1985年4月12日, 昭和60年4月12日, 平成元年1月8日 around the 年 at {@code yearMark}. */
    static ParsedDate parseKanji(NormalizedText text, int yearMark) {
        int i = yearMark - 1;
        while (i >= 0 && text.charAt(i) == ' ') {
            i--;
        }
        if (i < 0) {
            return null;
        }
        int yearEnd = i + 1;
        int numberStart;
        int year;
        boolean needsEra;
        if (text.charAt(i) == '元') {
            numberStart = i;
            year = 1;
            needsEra = true;
        } else {
            numberStart = yearEnd;
            while (numberStart > 0 && isDigit(text.charAt(numberStart - 1)) && yearEnd - numberStart < 4) {
                numberStart--;
            }
            int digits = yearEnd - numberStart;
            if (digits == 0 || digits == 3 || (numberStart > 0 && isDigit(text.charAt(numberStart - 1)))) {
                return null;
            }
            year = Integer.parseInt(text.substring(numberStart, yearEnd));
            needsEra = digits <= 2;
        }
        int start = numberStart;
        JapaneseEra era = null;
        if (needsEra) {
            int eraEnd = numberStart;
            while (eraEnd > 0 && text.charAt(eraEnd - 1) == ' ') {
                eraEnd--;
            }
            if (eraEnd < 2 || (era = JapaneseEra.byKanji(text.substring(eraEnd - 2, eraEnd))) == null) {
                return null;
            }
            start = eraEnd - 2;
        }
        int[] month = readNumber(text, skipSpaces(text, yearMark + 1), 2);
        if (month == null || month[1] >= text.length() || text.charAt(month[1]) != '月') {
            return null;
        }
        int[] day = readNumber(text, skipSpaces(text, month[1] + 1), 2);
        if (day == null || day[1] >= text.length() || text.charAt(day[1]) != '日') {
            return null;
        }
        LocalDate date = era == null ? Dates.of(year, month[0], day[0]) : era.toDate(year, month[0], day[0]);
        return date == null ? null : new ParsedDate(start, day[1] + 1, date);
    }

    /** A number of 1 to {@code maxDigits} digits at {@code i}: {value, end}, or null. */
    private static int[] readNumber(NormalizedText text, int i, int maxDigits) {
        int n = text.length();
        int value = 0;
        int j = i;
        while (j < n && isDigit(text.charAt(j)) && j - i < maxDigits) {
            value = value * 10 + text.charAt(j) - '0';
            j++;
        }
        if (j == i || (j < n && isDigit(text.charAt(j)))) {
            return null;
        }
        return new int[] {value, j};
    }

    private static int skipSpaces(NormalizedText text, int i) {
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** 1985年4月12日 → 19**年*月**日; 昭和60年4月12日 → 昭和**年*月**日. */
    static String mask(String date) {
        StringBuilder out = new StringBuilder(date.length());
        boolean westernYear = date.length() >= 4 && isDigit(date.charAt(0)) && isDigit(date.charAt(3));
        for (int i = 0; i < date.length(); i++) {
            char c = date.charAt(i);
            if (isDigit(c)) {
                boolean keep = westernYear && i < 2;
                out.append(keep ? c : '*');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
