package io.mamori.classifier.detect;

import java.util.Arrays;

/** A growable list of ints, for positions collected in the hot scanning loops without boxing. */
public final class IntList {

    private int[] values = new int[32];
    private int size;

    public void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public int get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        return values[index];
    }

    public int size() {
        return size;
    }

    public int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
