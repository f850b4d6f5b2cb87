package io.mamori.classifier.extract;

/**
 * A sink that keeps all of the text and its cells in memory, for texts known to be small and for
 * tests; files are inspected through a sink that does not keep them ({@code ChunkedDetection}).
 */
public final class CollectedText implements TextSink {

    private final StringBuilder text = new StringBuilder(4096);
    private TableLayout tables = new TableLayout();
    private final java.util.List<Integer> cuts = new java.util.ArrayList<>();

    @Override
    public void append(char[] chars, int offset, int length) {
        text.append(chars, offset, length);
    }

    @Override
    public void append(CharSequence more) {
        text.append(more);
    }

    @Override
    public void append(char c) {
        text.append(c);
    }

    @Override
    public long position() {
        return text.length();
    }

    @Override
    public char lastChar() {
        return text.length() == 0 ? 0 : text.charAt(text.length() - 1);
    }

    @Override
    public void cell(int table, int row, int column, long start, long end) {
        tables.add(table, row, column, (int) start, (int) end);
    }

    @Override
    public void cutHere() {
        cuts.add(text.length());
    }

    @Override
    public void restart() {
        text.setLength(0);
        tables = new TableLayout();
        cuts.clear();
    }

    /** Appends everything collected to another sink, its cells in table {@code table} on. */
    void replayInto(TextSink sink, int table) {
        long offset = sink.position();
        int from = 0;
        int cell = 0;
        for (int cut : cuts) {
            sink.append(text.subSequence(from, cut));
            for (; cell < tables.size() && tables.end(cell) <= cut; cell++) {
                sink.cell(table + tables.table(cell), tables.row(cell), tables.column(cell), offset + tables.start(cell),
                        offset + tables.end(cell));
            }
            sink.cutHere();
            from = cut;
        }
        sink.append(text.subSequence(from, text.length()));
        for (; cell < tables.size(); cell++) {
            sink.cell(table + tables.table(cell), tables.row(cell), tables.column(cell), offset + tables.start(cell),
                    offset + tables.end(cell));
        }
    }

    public String text() {
        return text.toString();
    }

    public TableLayout tables() {
        return tables;
    }
}
