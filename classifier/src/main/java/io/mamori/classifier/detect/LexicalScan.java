package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass over the text that finds what the identifier detectors work from: runs of digit
 * groups (as {@link NumberCandidate}s of 7 to 19 digits), and the {@code @} of e-mail addresses.
 *
 * <p>Digit groups are joined by up to three separator characters from {@code - ( )} and a single
 * space, so {@code 03-1234-5678}, {@code (03)1234-5678} and {@code 1234 5678 9012} are one run.
 * A space is a weak join: a run is split into segments at spaces and every sequence of adjacent
 * segments is a candidate, so {@code 1234-5678-9012 2024} yields the 12-digit candidate too.
 */
public final class LexicalScan {

    public static final int MIN_DIGITS = 7;
    public static final int MAX_DIGITS = 19;
    private static final int MAX_GROUPS = 64;

    private final List<NumberCandidate> candidates;
    private final IntList atSigns = new IntList();
    private final IntList dateStarts = new IntList();
    private int[] lineBreaks = new int[64];
    private final IntList blockStarts = new IntList();
    private int lineBreakCount;

    private LexicalScan(int expectedCandidates) {
        candidates = new ArrayList<>(expectedCandidates);
    }

    public static LexicalScan of(NormalizedText text) {
        // a dense table has a number candidate every few dozen characters
        LexicalScan scan = new LexicalScan(Math.max(16, text.length() / 32));
        scan.run(text.chars(), text.length());
        return scan;
    }

    public List<NumberCandidate> numbers() {
        return candidates;
    }

    public IntList atSigns() {
        return atSigns;
    }

    /**
     * Where a digit run follows kanji or kana directly: where an address's block number can start
     * (西新宿2-8-1, 本町3丁目).
     */
    public IntList blockStarts() {
        return blockStarts;
    }

    /** The positions of every line break, ascending. */
    public int[] lineBreaks() {
        return java.util.Arrays.copyOf(lineBreaks, lineBreakCount);
    }

    /**
     * Where numeric dates may start: a four-digit year followed by {@code / . -}
     * ({@code 1985/4/12}), or an era letter and a one- or two-digit year ({@code S60.4.12}).
     */
    public IntList dateStarts() {
        return dateStarts;
    }

    private void run(char[] chars, int n) {
        int[] groupStart = new int[MAX_GROUPS];
        int[] groupEnd = new int[MAX_GROUPS];
        boolean[] spacedBefore = new boolean[MAX_GROUPS];
        int i = 0;
        while (i < n) {
            char c = chars[i];
            if (c == '@') {
                atSigns.add(i);
                i++;
                continue;
            }
            if (c < '0' || c > '9') {
                if (c == '\n' || c == '\r') {
                    if (lineBreakCount == lineBreaks.length) {
                        lineBreaks = java.util.Arrays.copyOf(lineBreaks, lineBreakCount * 2);
                    }
                    lineBreaks[lineBreakCount++] = i;
                }
                i++;
                continue;
            }
            if (i > 0 && isTownChar(chars[i - 1])) {
                blockStarts.add(i);
            }
            int groups = 0;
            int position = i;
            while (true) {
                int start = position;
                while (position < n && isDigit(chars[position])) {
                    position++;
                }
                if (groups < MAX_GROUPS) {
                    groupStart[groups] = start;
                    groupEnd[groups] = position;
                    groups++;
                }
                int separatorEnd = separatorEnd(chars, n, position);
                if (separatorEnd < 0 || groups == MAX_GROUPS) {
                    break;
                }
                if (groups < MAX_GROUPS) {
                    spacedBefore[groups] = containsSpace(chars, position, separatorEnd);
                }
                position = separatorEnd;
            }
            int digits = 0;
            for (int g = 0; g < groups; g++) {
                digits += groupEnd[g] - groupStart[g];
            }
            if (digits >= MIN_DIGITS) { // most runs (a date's year, a block number) are shorter
                emitCandidates(chars, n, groupStart, groupEnd, spacedBefore, groups);
            }
            noteDateStart(chars, n, groupStart[0], groupEnd[0]);
            i = position;
        }
    }

    private void noteDateStart(char[] chars, int n, int start, int end) {
        if (end >= n) {
            return;
        }
        char next = chars[end];
        if (next != '/' && next != '.' && next != '-') {
            return;
        }
        int length = end - start;
        if (length == 4 && (start == 0 || !isDigit(chars[start - 1]))) {
            dateStarts.add(start);
        } else if ((length == 1 || length == 2) && start > 0 && "MTSHRmtshr".indexOf(chars[start - 1]) >= 0
                && (start == 1 || !Character.isLetterOrDigit(chars[start - 2]))) {
            dateStarts.add(start - 1);
        }
    }

    /** Where the next group starts if a valid separator follows {@code position}, else -1. */
    private static int separatorEnd(char[] chars, int n, int position) {
        int k = position;
        int dashes = 0;
        int spaces = 0;
        while (k < n && k - position < 3) {
            char c = chars[k];
            if (c == '-') {
                dashes++;
            } else if (c == ' ') {
                spaces++;
            } else if (c != '(' && c != ')') {
                break;
            }
            k++;
        }
        if (k == position || k >= n || !isDigit(chars[k]) || dashes > 1 || spaces > 1) {
            return -1;
        }
        return k;
    }

    private static boolean containsSpace(char[] chars, int from, int to) {
        for (int k = from; k < to; k++) {
            if (chars[k] == ' ') {
                return true;
            }
        }
        return false;
    }

    private void emitCandidates(char[] chars, int n, int[] groupStart, int[] groupEnd, boolean[] spacedBefore,
            int groups) {
        // segments: maximal group sequences joined without spaces
        int[] segmentFirst = new int[groups];
        int segments = 0;
        for (int g = 0; g < groups; g++) {
            if (g == 0 || spacedBefore[g]) {
                segmentFirst[segments++] = g;
            }
        }
        for (int a = 0; a < segments; a++) {
            int digits = 0;
            for (int b = a; b < segments; b++) {
                int firstGroup = segmentFirst[b];
                int lastGroup = b + 1 < segments ? segmentFirst[b + 1] - 1 : groups - 1;
                for (int g = firstGroup; g <= lastGroup; g++) {
                    digits += groupEnd[g] - groupStart[g];
                }
                if (digits > MAX_DIGITS) {
                    break;
                }
                if (digits >= MIN_DIGITS) {
                    candidates.add(candidate(chars, n, groupStart, groupEnd, segmentFirst[a], lastGroup, digits));
                }
            }
        }
    }

    private static NumberCandidate candidate(char[] chars, int n, int[] groupStart, int[] groupEnd, int first, int last,
            int digitCount) {
        StringBuilder digits = new StringBuilder(digitCount);
        int[] lengths = new int[last - first + 1];
        for (int g = first; g <= last; g++) {
            digits.append(chars, groupStart[g], groupEnd[g] - groupStart[g]);
            lengths[g - first] = groupEnd[g] - groupStart[g];
        }
        int start = groupStart[first];
        int end = groupEnd[last];
        // a leading "(" belongs to the number: (03)1234-5678
        if (start > 0 && chars[start - 1] == '(') {
            start--;
        }
        char before = start > 0 ? chars[start - 1] : ' ';
        char after = end < n ? chars[end] : ' ';
        boolean plus = before == '+';
        if (plus) {
            before = start > 1 ? chars[start - 2] : ' ';
            start--;
        }
        return new NumberCandidate(start, end, digits.toString(), lengths, before, after, plus);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A character a Japanese town name (町域) can be written with. */
    static boolean isTownChar(char c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA)
                || c == 'ー' || c == '々' || c == 'ヶ';
    }
}
