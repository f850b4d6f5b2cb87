package io.mamori.classifier.extract;

import java.util.Arrays;

/**
 * Where the table cells are in an extracted text (spreadsheets, CSV, tables in documents): for
 * each cell its table, row, column and character span, in the order they appear.
 */
public final class TableLayout {

    private int[] table;
    private int[] row;
    private int[] column;
    private int[] start;
    private int[] end;
    private int size;

    public TableLayout() {
        this(16);
    }

    /** A layout with room for {@code cells} cells before it grows. */
    public TableLayout(int cells) {
        int capacity = Math.max(1, cells);
        table = new int[capacity];
        row = new int[capacity];
        column = new int[capacity];
        start = new int[capacity];
        end = new int[capacity];
    }

    public void add(int tableIndex, int rowIndex, int columnIndex, int cellStart, int cellEnd) {
        if (size == table.length) {
            int grown = Math.max(16, size * 2);
            table = Arrays.copyOf(table, grown);
            row = Arrays.copyOf(row, grown);
            column = Arrays.copyOf(column, grown);
            start = Arrays.copyOf(start, grown);
            end = Arrays.copyOf(end, grown);
        }
        table[size] = tableIndex;
        row[size] = rowIndex;
        column[size] = columnIndex;
        start[size] = cellStart;
        end[size] = cellEnd;
        size++;
    }

    public int size() {
        return size;
    }

    public int table(int cell) {
        return table[cell];
    }

    public int row(int cell) {
        return row[cell];
    }

    public int column(int cell) {
        return column[cell];
    }

    public int start(int cell) {
        return start[cell];
    }

    public int end(int cell) {
        return end[cell];
    }

    public static TableLayout empty() {
        return new TableLayout();
    }
}
