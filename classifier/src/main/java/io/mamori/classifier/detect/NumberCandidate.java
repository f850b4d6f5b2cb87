package io.mamori.classifier.detect;

/**
 * A run of digit groups that could be an identifier: {@code 1234-5678-9012}, {@code 03 1234 5678},
 * {@code 123456789018}. Numbers are bounded by non-digits, never by {@code \b} (which fails next
 * to kanji).
 *
 * @param start     first character (normalised offsets)
 * @param end       one past the last character
 * @param digits    the digits alone
 * @param groups    the lengths of the digit groups as written, e.g. {4, 4, 4}
 * @param before    the character before the number ({@code ' '} at the start of the text)
 * @param after     the character after the number
 * @param plusSign  the number is written with a leading {@code +} (international phone numbers)
 */
public record NumberCandidate(int start, int end, String digits, int[] groups, char before, char after,
        boolean plusSign) {

    /** Written as one unbroken block of digits. */
    public boolean isContiguous() {
        return groups.length == 1;
    }

    public boolean hasGroups(int... lengths) {
        return java.util.Arrays.equals(groups, lengths);
    }

    /**
     * True when the number stands alone: not glued to letters or digits (a part number such as
     * {@code AB123456789018X}) and not the fraction of a decimal.
     */
    public boolean standsAlone() {
        return !isAsciiLetterOrDigit(before) && !isAsciiLetterOrDigit(after) && before != '.' && after != '.'
                && before != ',' && after != ',' && before != '_' && after != '_';
    }

    /** Followed by a unit or counter (円, 件, 人, 歳 …): an amount or a count, not an identifier. */
    public boolean isQuantity() {
        return "円万千億件個名人%年月日歳株枚本回度号台冊点".indexOf(after) >= 0;
    }

    /** The number as written in the text, separators included. */
    public String written(io.mamori.classifier.text.NormalizedText text) {
        return text.substring(start, end);
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
