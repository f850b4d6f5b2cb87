package io.mamori.classifier;

import io.mamori.classifier.detect.DetectionTally;
import io.mamori.classifier.detect.Detectors;
import io.mamori.classifier.detect.TableContext;
import io.mamori.classifier.extract.TableLayout;
import io.mamori.classifier.extract.TextSink;
import io.mamori.classifier.text.NormalizedText;
import io.mamori.classifier.text.TextNormalizer;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Inspects a text as it is extracted, piece by piece, so that a file of any size is inspected in
 * constant memory. The text is cut only where the extractor allows it (a line has ended and no
 * table cell is open), into pieces of about {@code pieceChars} characters. Each piece is read
 * with {@value #CONTEXT} characters of the text before and after it, more than any detector looks
 * around a value (the keyword window is {@value io.mamori.classifier.detect.DetectionContext#KEYWORD_WINDOW}),
 * and only the findings that start in the piece itself count, so nothing is found twice or lost at
 * a cut. A table's header row, once found, goes in front of every later piece holding rows of that
 * table, so a column's label still governs a row a million lines down. The pieces are read on up
 * to two threads and added up in text order ({@link DetectionTally}).
 *
 * <p>A text that never grows past one piece is read once, whole, on the caller's thread: exactly
 * what reading it at once would give.
 */
final class ChunkedDetection implements TextSink {

    /** Characters of context read on each side of a piece. */
    static final int CONTEXT = 2048;
    /** Pieces of about this many characters (a few MB of memory each while read). */
    static final int DEFAULT_PIECE_CHARS = 128 * 1024;
    /** A header longer than this is not carried to later pieces (a header row is labels). */
    private static final int MAX_HEADER_CHARS = 8192;
    private static final int MAX_CARRIED_TABLES = 64;

    private final List<CustomDetectorSpec> custom;
    private final LocalDate today;
    private final int pieceChars;
    private final int threads;

    /** The text from {@code bufferStart} to the current position. */
    private final StringBuilder buffer = new StringBuilder();
    private long bufferStart;
    /** Where the text not yet owned by a piece begins. */
    private long ownedFrom;
    /** Places where a cut is allowed, in order, after {@code ownedFrom}. */
    private long[] cuts = new long[64];
    private int cutCount;
    /** Cells that end after {@code bufferStart - CONTEXT}: table, row, column, start, end. */
    private final Cells cells = new Cells();

    /** Header rows found, per table: the header's cells, in text order. */
    private final Map<Integer, HeaderRow> headers = new LinkedHashMap<>(16, 0.75f, true);
    /** Tables seen near their start in a piece not yet added up: their header may still be found there. */
    private final Set<Integer> headerPending = new HashSet<>();

    private final DetectionTally tally = new DetectionTally();
    private long normalizedOwned;
    private final Deque<Future<Piece>> pending = new ArrayDeque<>();
    private final ExecutorService executor;
    private boolean cutOnce;

    private record HeaderRow(int table, int row, String[] texts, int[] columns) {
    }

    /** One piece, detected: what it found and the part of its normalised text it owns. */
    private record Piece(DetectionTally.Part part, int ownedStart, int ownedEnd, Map<Integer, HeaderRow> headersFound,
            Set<Integer> tablesNearStart) {
    }

    /**
     * @param pieceChars the size of a piece (smaller first pieces, to read a small file on two
     *                   threads, were measured slower: the context read twice costs more)
     * @param executor   the threads pieces are read on; null to read them on the caller's thread
     * @param threads    how many of those threads one text may keep busy
     */
    ChunkedDetection(List<CustomDetectorSpec> custom, LocalDate today, int pieceChars, ExecutorService executor,
            int threads) {
        if (pieceChars < 4 * CONTEXT) {
            throw new IllegalArgumentException("a piece must be at least " + 4 * CONTEXT + " characters");
        }
        this.custom = List.copyOf(custom);
        this.today = today;
        this.pieceChars = pieceChars;
        this.executor = executor;
        this.threads = executor == null ? 1 : Math.max(1, threads);
    }

    // --- TextSink ------------------------------------------------------------------------------

    @Override
    public void append(char[] chars, int offset, int length) {
        buffer.append(chars, offset, length);
        forceCutIfTooLong();
    }

    @Override
    public void append(CharSequence text) {
        buffer.append(text);
        forceCutIfTooLong();
    }

    @Override
    public void append(char c) {
        buffer.append(c);
    }

    @Override
    public long position() {
        return bufferStart + buffer.length();
    }

    @Override
    public char lastChar() {
        return buffer.length() == 0 ? 0 : buffer.charAt(buffer.length() - 1);
    }

    @Override
    public void cell(int table, int row, int column, long start, long end) {
        cells.add(table, row, column, start, end);
    }

    @Override
    public void cutHere() {
        long here = position();
        if (cutCount > 0 && cuts[cutCount - 1] == here) {
            return;
        }
        if (cutCount == cuts.length) {
            cuts = Arrays.copyOf(cuts, cutCount * 2);
        }
        cuts[cutCount++] = here;
        if (here - ownedFrom >= (long) pieceChars + CONTEXT) {
            long cut = lastCutAtOrBefore(here - CONTEXT);
            if (cut > ownedFrom + pieceChars / 2) {
                submit(cut, here);
            }
        }
    }

    @Override
    public void restart() {
        drain(false);
        buffer.setLength(0);
        bufferStart = 0;
        ownedFrom = 0;
        cutCount = 0;
        cells.clear();
        headers.clear();
        headerPending.clear();
        tally.reset();
        normalizedOwned = 0;
        cutOnce = false;
    }

    // --- the result ----------------------------------------------------------------------------

    /** Reads the rest and adds everything up; the sink is not used after this. */
    DetectionTally finish() {
        try {
            if (!cutOnce) {
                // never cut: the whole text at once, on this thread
                Piece whole = detect(buffer.toString(), layoutOf(0, position(), 0), 0, buffer.length(), Set.of(),
                        new HashMap<>());
                add(whole);
            } else {
                if (position() > ownedFrom) {
                    submit(position(), position());
                }
                drain(true);
            }
            return tally;
        } finally {
            shutdown();
        }
    }

    /** Cancels the pieces still being read (after a failure; when done there are none). */
    void shutdown() {
        drain(false);
    }

    // --- pieces --------------------------------------------------------------------------------

    private void forceCutIfTooLong() {
        // a text with no allowed cut for four pieces' worth (one endless line) is cut where it is
        if (position() - ownedFrom > 4L * pieceChars + CONTEXT) {
            long cut = lastCutAtOrBefore(position() - CONTEXT);
            submit(cut > ownedFrom + pieceChars / 2 ? cut : position() - CONTEXT, position());
        }
    }

    private long lastCutAtOrBefore(long limit) {
        for (int i = cutCount - 1; i >= 0; i--) {
            if (cuts[i] <= limit) {
                return cuts[i];
            }
        }
        return -1;
    }

    /** Detects the piece [ownedFrom, cut) with the text up to {@code readTo} after it. */
    private void submit(long cut, long readTo) {
        cutOnce = true;
        long readFrom = Math.max(bufferStart, ownedFrom - CONTEXT);
        Set<Integer> tablesHere = cells.tablesWithin(readFrom, readTo);
        // a table whose header may be settled by a piece still being read waits for that piece
        for (Integer table : tablesHere) {
            if (headerPending.contains(table)) {
                drain(true);
                break;
            }
        }
        StringBuilder text = new StringBuilder((int) (readTo - readFrom) + 256);
        TableLayout layout = new TableLayout(cells.count() + 64); // the cells near the piece, and a carried header
        Map<Integer, HeaderRow> carried = new HashMap<>();
        for (Integer table : tablesHere) {
            HeaderRow header = headers.get(table);
            if (header != null && !cells.hasRow(table, header.row(), readFrom, readTo)) {
                for (int i = 0; i < header.texts().length; i++) {
                    int start = text.length();
                    text.append(header.texts()[i]);
                    layout.add(table, header.row(), header.columns()[i], start, text.length());
                    text.append(i + 1 < header.texts().length ? '\t' : '\n');
                }
                carried.put(table, header);
            }
        }
        int prefix = text.length();
        text.append(buffer, (int) (readFrom - bufferStart), (int) (readTo - bufferStart));
        cells.layoutInto(layout, readFrom, readTo, prefix - readFrom);
        int ownedStart = (int) (prefix + ownedFrom - readFrom);
        int ownedEnd = (int) (prefix + cut - readFrom);
        Set<Integer> nearStart = cells.tablesWithRowsBelow(readFrom, readTo, TableContext.headerSearchRows());
        nearStart.removeAll(headers.keySet());
        headerPending.addAll(nearStart);
        String pieceText = text.toString();
        if (executor == null) {
            add(detect(pieceText, layout, ownedStart, ownedEnd, nearStart, carried));
        } else {
            pending.add(executor.submit(() -> detect(pieceText, layout, ownedStart, ownedEnd, nearStart, carried)));
            while (pending.size() > threads || (!pending.isEmpty() && pending.peek().isDone())) {
                add(take());
            }
        }
        ownedFrom = cut;
        forget(cut - CONTEXT);
    }

    private Piece detect(String text, TableLayout layout, int ownedStart, int ownedEnd, Set<Integer> nearStart,
            Map<Integer, HeaderRow> carried) {
        NormalizedText normalized = TextNormalizer.normalize(text);
        Detectors.Pass pass = Detectors.detect(normalized, layout, custom, today);
        Map<Integer, HeaderRow> found = new HashMap<>();
        for (Integer table : nearStart) {
            int row = pass.tables().headerRow(table);
            if (row >= 0) {
                HeaderRow header = headerOf(text, layout, table, row);
                if (header != null) {
                    found.put(table, header);
                }
            }
        }
        int ownedFrom = normalized.normalizedOffset(ownedStart);
        int ownedTo = normalized.normalizedOffset(ownedEnd);
        return new Piece(tally.part(pass.findings(), pass.tables(), ownedFrom, ownedTo),
                ownedFrom, ownedTo,
                found, nearStart);
    }

    private static HeaderRow headerOf(String text, TableLayout layout, int table, int row) {
        List<String> texts = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        int length = 0;
        for (int cell = 0; cell < layout.size(); cell++) {
            if (layout.table(cell) == table && layout.row(cell) == row) {
                String cellText = text.substring(layout.start(cell), layout.end(cell));
                length += cellText.length() + 1;
                if (length > MAX_HEADER_CHARS) {
                    return null;
                }
                texts.add(cellText);
                columns.add(layout.column(cell));
            }
        }
        return texts.isEmpty() ? null : new HeaderRow(table, row, texts.toArray(String[]::new),
                columns.stream().mapToInt(Integer::intValue).toArray());
    }

    private Piece take() {
        try {
            return pending.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while inspecting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void drain(boolean add) {
        while (!pending.isEmpty()) {
            if (add) {
                add(take());
            } else {
                pending.poll().cancel(true);
            }
        }
    }

    /** Adds a detected piece to the totals: pieces arrive here in text order. */
    private void add(Piece piece) {
        tally.add(piece.part(), normalizedOwned - piece.ownedStart());
        normalizedOwned += piece.ownedEnd() - piece.ownedStart();
        for (Map.Entry<Integer, HeaderRow> entry : piece.headersFound().entrySet()) {
            headers.putIfAbsent(entry.getKey(), entry.getValue());
        }
        while (headers.size() > MAX_CARRIED_TABLES) {
            headers.remove(headers.keySet().iterator().next());
        }
        headerPending.removeAll(piece.tablesNearStart());
    }

    /** Drops the text and cells before {@code from}, and the cuts up to {@link #ownedFrom}. */
    private void forget(long from) {
        if (from > bufferStart) {
            buffer.delete(0, (int) (from - bufferStart));
            bufferStart = from;
        }
        int keep = 0;
        for (int i = 0; i < cutCount; i++) {
            if (cuts[i] > ownedFrom) {
                cuts[keep++] = cuts[i];
            }
        }
        cutCount = keep;
        cells.forgetEndingBefore(bufferStart);
    }

    private TableLayout layoutOf(long from, long to, long shift) {
        TableLayout layout = new TableLayout();
        cells.layoutInto(layout, from, to, shift);
        return layout;
    }

    /** Table cells in global positions, oldest first. */
    private static final class Cells {
        private int[] table = new int[256];
        private int[] row = new int[256];
        private int[] column = new int[256];
        private long[] start = new long[256];
        private long[] end = new long[256];
        private int first;
        private int size;

        void add(int t, int r, int c, long s, long e) {
            if (size == table.length) {
                compact();
                if (size == table.length) {
                    int grown = size * 2;
                    table = Arrays.copyOf(table, grown);
                    row = Arrays.copyOf(row, grown);
                    column = Arrays.copyOf(column, grown);
                    start = Arrays.copyOf(start, grown);
                    end = Arrays.copyOf(end, grown);
                }
            }
            table[size] = t;
            row[size] = r;
            column[size] = c;
            start[size] = s;
            end[size] = e;
            size++;
        }

        private void compact() {
            if (first == 0) {
                return;
            }
            int n = size - first;
            System.arraycopy(table, first, table, 0, n);
            System.arraycopy(row, first, row, 0, n);
            System.arraycopy(column, first, column, 0, n);
            System.arraycopy(start, first, start, 0, n);
            System.arraycopy(end, first, end, 0, n);
            size = n;
            first = 0;
        }

        void clear() {
            first = 0;
            size = 0;
        }

        /** Cells are in the order they close, so ends ascend: drop from the front. */
        void forgetEndingBefore(long position) {
            while (first < size && end[first] <= position) {
                first++;
            }
            if (first == size) {
                clear();
            }
        }

        /** Cells remembered (an upper bound of those a piece holds). */
        int count() {
            return size - first;
        }

        /** Cells overlapping [from, to), clipped to it, at positions shifted by {@code shift}. */
        void layoutInto(TableLayout layout, long from, long to, long shift) {
            for (int i = first; i < size; i++) {
                if (end[i] <= from || start[i] >= to) {
                    continue;
                }
                layout.add(table[i], row[i], column[i], (int) (Math.max(start[i], from) + shift),
                        (int) (Math.min(end[i], to) + shift));
            }
        }

        Set<Integer> tablesWithin(long from, long to) {
            Set<Integer> tables = new java.util.TreeSet<>();
            int last = Integer.MIN_VALUE;
            for (int i = first; i < size; i++) {
                if (end[i] > from && start[i] < to && table[i] != last) {
                    tables.add(table[i]);
                    last = table[i];
                }
            }
            return tables;
        }

        Set<Integer> tablesWithRowsBelow(long from, long to, int rows) {
            Set<Integer> tables = new HashSet<>();
            for (int i = first; i < size; i++) {
                if (end[i] > from && start[i] < to && row[i] < rows) {
                    tables.add(table[i]);
                }
            }
            return tables;
        }

        boolean hasRow(int t, int r, long from, long to) {
            for (int i = first; i < size; i++) {
                if (table[i] == t && row[i] == r && end[i] > from && start[i] < to) {
                    return true;
                }
            }
            return false;
        }
    }
}
