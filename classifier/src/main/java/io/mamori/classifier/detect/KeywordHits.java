package io.mamori.classifier.detect;

import java.util.Arrays;

/**
 * Where the keywords of one family occur in a text, sorted by start, with each hit's payload
 * (the sensitive category, prefecture or municipality it names).
 */
public final class KeywordHits {

    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int[] payloads = new int[8];
    private int size;
    private boolean sorted = true;

    void add(int start, int end, int payload) {
        if (size == starts.length) {
            int grown = size * 2;
            starts = Arrays.copyOf(starts, grown);
            ends = Arrays.copyOf(ends, grown);
            payloads = Arrays.copyOf(payloads, grown);
        }
        if (size > 0 && start <= starts[size - 1]) {
            sorted = false; // equal starts too: the longer hit must come first
        }
        starts[size] = start;
        ends[size] = end;
        payloads[size] = payload;
        size++;
    }

    void sort() {
        if (sorted) {
            return;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> starts[a] != starts[b] ? Integer.compare(starts[a], starts[b])
                : Integer.compare(ends[b], ends[a]));
        int[] s = new int[size];
        int[] e = new int[size];
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            s[i] = starts[order[i]];
            e[i] = ends[order[i]];
            p[i] = payloads[order[i]];
        }
        starts = s;
        ends = e;
        payloads = p;
        sorted = true;
    }

    public int size() {
        return size;
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public int payload(int i) {
        return payloads[i];
    }

    /** The index of the first hit starting at or after {@code position}. */
    public int firstAtOrAfter(int position) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (starts[mid] < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** True when a hit overlaps [from, to). */
    public boolean anyWithin(int from, int to) {
        // keywords are short: a hit overlapping [from, to) starts after from - 64
        for (int i = firstAtOrAfter(Math.max(0, from - 64)); i < size && starts[i] < to; i++) {
            if (ends[i] > from) {
                return true;
            }
        }
        return false;
    }

    /** The hit ending nearest before {@code position}, within {@code maxGap} characters, or -1. */
    public int lastEndingBefore(int position, int maxGap) {
        int best = -1;
        for (int i = firstAtOrAfter(Math.max(0, position - maxGap - 64)); i < size && starts[i] < position; i++) {
            if (ends[i] <= position && ends[i] >= position - maxGap && (best < 0 || ends[i] >= ends[best])) {
                best = i;
            }
        }
        return best;
    }
}
