package io.mamori.classifier.detect;

import io.mamori.classifier.extract.TableLayout;
import io.mamori.classifier.text.NormalizedText;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tables seen from the detectors: a column header (氏名, 生年月日, 個人番号, 電話番号, 住所 …) is
 * context for every cell of its column, however far down the row is. The header row is the one
 * of a table's first ten rows with the most short cells holding a recognised label (titles and
 * notes above a table are long, or label at most one cell).
 */
public final class TableContext {

    /** Families that can label a column; values such as prefectures or 様 do not, nor the running-text
     *  cues of a name (担当, 社員番号 …), which would change which row is taken for the header. */
    static final Set<KeywordFamily> HEADER_FAMILIES = EnumSet.complementOf(EnumSet.of(KeywordFamily.PREFECTURE,
            KeywordFamily.BLOCK_MARK, KeywordFamily.YEAR_MARK, KeywordFamily.NAME_SUFFIX,
            KeywordFamily.CONFIDENTIAL_STRONG, KeywordFamily.CONFIDENTIAL_WEAK,
            KeywordFamily.CONFIDENTIAL_NOT_A_MARKING, KeywordFamily.PERSON_ROLE, KeywordFamily.STAFF_IDENTIFIER));
    private static final int HEADER_SEARCH_ROWS = 10;
    /** A header cell is a label, not a sentence. */
    private static final int HEADER_CELL_MAX_LENGTH = 24;

    private final int[] starts;
    private final int[] ends;
    private final int[] tables;
    private final int[] rows;
    private final int[] columns;
    private final Map<Long, Long> columnFamilies = new HashMap<>();
    private final Map<Integer, Integer> headerRows = new HashMap<>();
    /** Per cell: the header row of its table (-1: none) and the families of its column's header. */
    private int[] cellHeaderRow;
    /** The cell found last (one piece of text is read by one thread). */
    private int lastCell = -1;
    private long[] cellColumnFamilies;

    TableContext(TableLayout layout, NormalizedText text, Map<KeywordFamily, KeywordHits> hits) {
        int n = layout.size();
        // Cells are recorded when they close, so nested tables can be out of start order.
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = layout.start(i) >= layout.start(i - 1);
        }
        Integer[] order = null; // only for the rare layout out of order: boxing every cell costs
        if (!sorted) {
            order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(layout.start(a), layout.start(b)));
        }
        starts = new int[n];
        ends = new int[n];
        tables = new int[n];
        rows = new int[n];
        columns = new int[n];
        for (int i = 0; i < n; i++) {
            int cell = order == null ? i : order[i];
            starts[i] = text.normalizedOffset(layout.start(cell));
            ends[i] = text.normalizedOffset(layout.end(cell));
            tables[i] = layout.table(cell);
            rows[i] = layout.row(cell);
            columns[i] = layout.column(cell);
        }
        findHeaders(hits);
    }

    static TableContext none() {
        return new TableContext();
    }

    private TableContext() {
        starts = new int[0];
        ends = new int[0];
        tables = new int[0];
        rows = new int[0];
        columns = new int[0];
        cellHeaderRow = new int[0];
        cellColumnFamilies = new long[0];
    }

    private void findHeaders(Map<KeywordFamily, KeywordHits> hits) {
        Map<Long, Long> candidates = new HashMap<>(); // (table, row, column) -> families
        Map<Long, Integer> labelledCells = new HashMap<>(); // (table, row) -> cells with a label
        for (int i = 0; i < starts.length; i++) {
            if (rows[i] >= HEADER_SEARCH_ROWS || ends[i] - starts[i] > HEADER_CELL_MAX_LENGTH) {
                continue;
            }
            long families = familiesWithin(hits, starts[i], ends[i]);
            if (families != 0) {
                candidates.merge(key3(tables[i], rows[i], columns[i]), families, (a, b) -> a | b);
                labelledCells.merge(key2(tables[i], rows[i]), 1, Integer::sum);
            }
        }
        Map<Integer, Integer> bestCount = new HashMap<>();
        labelledCells.forEach((key, count) -> {
            int table = (int) (key >>> 32);
            int row = (int) (long) key;
            Integer best = bestCount.get(table);
            if (best == null || count > best || (count.equals(best) && row < headerRows.get(table))) {
                bestCount.put(table, count);
                headerRows.put(table, row);
            }
        });
        for (Map.Entry<Long, Long> entry : candidates.entrySet()) {
            long k = entry.getKey();
            int table = (int) (k >>> 40);
            int row = (int) ((k >>> 20) & 0xFFFFF);
            int column = (int) (k & 0xFFFFF);
            if (headerRows.get(table) == row) {
                columnFamilies.put(key2(table, column), entry.getValue());
            }
        }
        cellHeaderRow = new int[starts.length];
        cellColumnFamilies = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            Integer header = headerRows.get(tables[i]);
            cellHeaderRow[i] = header == null ? -1 : header;
            Long families = columnFamilies.get(key2(tables[i], columns[i]));
            cellColumnFamilies[i] = families == null ? 0 : families;
        }
    }

    private static long familiesWithin(Map<KeywordFamily, KeywordHits> hits, int from, int to) {
        long families = 0;
        for (KeywordFamily family : HEADER_FAMILIES) {
            KeywordHits familyHits = hits.get(family);
            if (familyHits != null && familyHits.anyWithin(from, to)) {
                families |= family.bit();
            }
        }
        return families;
    }

    /** The cell containing the position, or -1. */
    public int cellAt(int position) {
        // detectors ask about the same cell many times in a row: try the last answer first
        int last = lastCell;
        if (last >= 0 && position >= starts[last]) {
            if (position < ends[last] && (last + 1 == starts.length || starts[last + 1] > position)) {
                return last;
            }
            int next = last + 1; // reading on: the next cell
            if (next < starts.length && position >= starts[next] && position < ends[next]
                    && (next + 1 == starts.length || starts[next + 1] > position)) {
                lastCell = next;
                return next;
            }
        }
        int found = last >= 0 && position >= starts[last] ? searchOnFrom(last, position) : search(position);
        if (found >= 0) {
            lastCell = found;
        }
        return found;
    }

    /**
     * The cell containing a position at or after the start of cell {@code from}: detectors read
     * down a column, a few cells on from the last one asked about, so the search gallops forward
     * from there instead of halving the whole table.
     */
    private int searchOnFrom(int from, int position) {
        int low = from;
        int step = 1;
        int high = from + 1;
        while (high < starts.length && starts[high] <= position) {
            low = high;
            step <<= 1;
            high = from + step;
        }
        high = Math.min(high, starts.length);
        // the last cell in [low, high) starting at or before position
        int index = Arrays.binarySearch(starts, low, high, position);
        if (index < 0) {
            index = -index - 2;
        } else {
            while (index + 1 < starts.length && starts[index + 1] == position) {
                index++;
            }
        }
        return index >= 0 && position < ends[index] ? index : -1;
    }

    private int search(int position) {
        int index = Arrays.binarySearch(starts, position);
        if (index < 0) {
            index = -index - 2;
        } else {
            while (index + 1 < starts.length && starts[index + 1] == position) {
                index++;
            }
        }
        if (index >= 0 && position < ends[index]) {
            return index;
        }
        return -1;
    }

    /** True when the position is in a data cell whose column header carries the family. */
    public boolean columnHas(KeywordFamily family, int position) {
        int cell = cellAt(position);
        return cell >= 0 && cellHeaderRow[cell] >= 0 && rows[cell] > cellHeaderRow[cell]
                && (cellColumnFamilies[cell] & family.bit()) != 0;
    }

    /** True when the position is in a header cell. */
    public boolean isHeader(int position) {
        int cell = cellAt(position);
        return cell >= 0 && rows[cell] == cellHeaderRow[cell];
    }

    /** The families of the header of the column the position is in (0 when none). */
    public long headerFamiliesOfColumnAt(int position) {
        int cell = cellAt(position);
        return cell < 0 ? 0 : cellColumnFamilies[cell];
    }

    /** Identifies the row a position is in (table and row), or -1 outside tables. */
    public long rowKey(int position) {
        int cell = cellAt(position);
        return cell < 0 ? -1 : key2(tables[cell], rows[cell]);
    }

    /** The header row found for a table, -1 when it has none. */
    public int headerRow(int table) {
        Integer row = headerRows.get(table);
        return row == null ? -1 : row;
    }

    /** The rows searched for a table's header: a table whose first rows were seen has its header settled. */
    public static int headerSearchRows() {
        return HEADER_SEARCH_ROWS;
    }

    public int cellCount() {
        return starts.length;
    }

    public int cellStart(int cell) {
        return starts[cell];
    }

    public int cellEnd(int cell) {
        return ends[cell];
    }

    /** Data cells of columns labelled with the family, for detectors that read whole cells. */
    public java.util.List<int[]> dataCellsLabelled(KeywordFamily family) {
        java.util.List<int[]> cells = new java.util.ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            if (cellHeaderRow[i] >= 0 && rows[i] > cellHeaderRow[i] && (cellColumnFamilies[i] & family.bit()) != 0
                    && ends[i] > starts[i]) {
                cells.add(new int[] {starts[i], ends[i]});
            }
        }
        return cells;
    }

    private static long key2(int table, int index) {
        return ((long) table << 32) | (index & 0xFFFFFFFFL);
    }

    private static long key3(int table, int row, int column) {
        return ((long) table << 40) | ((long) (row & 0xFFFFF) << 20) | (column & 0xFFFFF);
    }
}
