package io.mamori.classifier.text;

import java.text.Normalizer;

/**
 * NFKC normalisation that keeps track of where each character came from, plus the foldings the
 * detectors rely on: every dash variant becomes {@code -}, and the prolonged sound mark {@code ー}
 * becomes {@code -} between digits ({@code ０３ー１２３４ー５６７８} is a phone number).
 *
 * <p>Most Japanese text is already NFKC-stable (ASCII, kana, kanji, common punctuation), so
 * those characters are copied directly; full-width ASCII is shifted arithmetically; only the rest
 * goes through {@link Normalizer}, one combining cluster at a time so that offsets stay exact.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static NormalizedText normalize(CharSequence input) {
        int n = input.length();
        Builder out = new Builder(n);
        int i = 0;
        while (i < n) {
            char c = input.charAt(i);
            boolean nextCombines = i + 1 < n && isCombiningMark(input.charAt(i + 1));
            if (!nextCombines) {
                if (isStable(c)) {
                    out.append(c, i);
                    i++;
                    continue;
                }
                if (c >= 0xFF01 && c <= 0xFF5E) { // full-width ASCII: NFKC is a plain shift
                    out.append(foldDash((char) (c - 0xFEE0)), i);
                    i++;
                    continue;
                }
                if (c == 0x3000) { // ideographic space
                    out.append(' ', i);
                    i++;
                    continue;
                }
            }
            int end = clusterEnd(input, i);
            String normalized = Normalizer.normalize(input.subSequence(i, end), Normalizer.Form.NFKC);
            for (int k = 0; k < normalized.length(); k++) {
                out.append(foldDash(normalized.charAt(k)), i);
            }
            i = end;
        }
        return out.build(n);
    }

    private static final byte OTHER = 0;
    private static final byte STABLE = 1;
    private static final byte COMBINING = 2;
    /** {@link #isStable} and {@link #isCombiningMark} of every char, worked out once: asked twice per character. */
    private static final byte[] KIND = new byte[1 << 16];

    static {
        for (int c = 0; c < KIND.length; c++) {
            KIND[c] = stable((char) c) ? STABLE : combining((char) c) ? COMBINING : OTHER;
        }
    }

    /** Characters NFKC leaves unchanged and that no following mark can combine with unnoticed. */
    static boolean isStable(char c) {
        return KIND[c] == STABLE;
    }

    private static boolean isCombiningMark(char c) {
        return KIND[c] == COMBINING;
    }

    private static boolean stable(char c) {
        return c < 0x80
                || (c >= 0x4E00 && c <= 0x9FFF)          // CJK unified ideographs
                || (c >= 0x3041 && c <= 0x3096)          // hiragana
                || (c >= 0x30A1 && c <= 0x30FA)          // katakana
                || c == 0x30FC                           // ー
                || (c >= 0x3001 && c <= 0x3002)          // 、。
                || (c >= 0x3005 && c <= 0x3007)          // 々〆〇
                || (c >= 0x3008 && c <= 0x3011);         // 〈〉《》「」『』【】
    }

    private static boolean combining(char c) {
        if (c < 0x0300 || stable(c)) {
            return false;
        }
        if (c >= 0x3000 && c <= 0x9FFF) {
            // CJK punctuation, kana and ideographs: only the kana voicing marks and the
            // ideographic tone marks combine
            return c == 0x3099 || c == 0x309A || (c >= 0x302A && c <= 0x302F);
        }
        if (c >= 0xFF00 && c <= 0xFFEF) {
            return c == 0xFF9E || c == 0xFF9F; // half-width voicing marks, which NFKC turns into combining ones
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static int clusterEnd(CharSequence input, int start) {
        int n = input.length();
        int i = start + (Character.isHighSurrogate(input.charAt(start)) && start + 1 < n
                && Character.isLowSurrogate(input.charAt(start + 1)) ? 2 : 1);
        while (i < n && isCombiningMark(input.charAt(i))) {
            i++;
        }
        return i;
    }

    static char foldDash(char c) {
        switch (c) {
            case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\u2043', '\uFE58', '\uFE63',
                    '\uFF0D', '\u2E3A', '\u2E3B' -> {
                return '-';
            }
            default -> {
                return c;
            }
        }
    }

    private static final class Builder {
        private char[] chars;
        private char[] folded;
        private int length;
        private int[] changeAt = new int[16];
        private int[] deltas = new int[16];
        private int changes;
        private int delta;

        Builder(int capacity) {
            int initial = Math.max(16, capacity + (capacity >> 6));
            chars = new char[initial];
            folded = new char[initial];
        }

        void append(char c, int originalOffset) {
            if (length == chars.length) {
                int grown = chars.length + (chars.length >> 1) + 16;
                chars = java.util.Arrays.copyOf(chars, grown);
                folded = java.util.Arrays.copyOf(folded, grown);
            }
            chars[length] = c;
            folded[length] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            int d = originalOffset - length;
            if (d != delta) {
                if (changes == changeAt.length) {
                    changeAt = java.util.Arrays.copyOf(changeAt, changes * 2);
                    deltas = java.util.Arrays.copyOf(deltas, changes * 2);
                }
                changeAt[changes] = length;
                deltas[changes] = d;
                changes++;
                delta = d;
            }
            if (isDigit(c)) {
                foldLongVowelMarkBefore(length);
            }
            length++;
        }

        /** A ー between two digits, now that the second has come, is a dash. */
        private void foldLongVowelMarkBefore(int digit) {
            if (digit >= 2 && chars[digit - 1] == 'ー' && isDigit(chars[digit - 2])) {
                chars[digit - 1] = '-';
                folded[digit - 1] = '-';
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        NormalizedText build(int originalLength) {
            return new NormalizedText(chars, folded, length, changeAt, deltas, changes, originalLength);
        }
    }
}
