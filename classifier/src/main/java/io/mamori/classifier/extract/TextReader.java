package io.mamori.classifier.extract;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import io.mamori.classifier.text.DecodingReader;
import io.mamori.classifier.text.TextDecoder;
import io.mamori.protocol.finding.InspectionStatus;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * Reads plain text and tables (CSV, TSV, and plain text laid out as one) into a sink as they are
 * decoded, so that a file of any size passes through in constant memory: the charset is chosen
 * from the first {@value #SNIFF_BYTES} bytes ({@link TextDecoder#sniff}), the delimiter from the
 * first lines, and each record's cells are recorded as they are parsed (FastCSV, its fields copied
 * from its buffer).
 */
final class TextReader {

    static final int SNIFF_BYTES = 64 * 1024;
    private static final int SNIFF_CHARS = 32 * 1024;
    /** A record longer than this is not a table row: a quote that never closes swallows the rest of the text. */
    static final int MAX_RECORD_CHARS = 1 << 20;

    /** How reading went: OK, or why the text is incomplete. */
    record Outcome(InspectionStatus status, String reason) {
    }

    /** What looked like a table is not one (it does not parse, or a record never ends). */
    static final class NotATable extends IOException {
        NotATable(String message) {
            super(message);
        }
    }

    private TextReader() {
    }

    /**
     * Reads one text into the sink.
     *
     * @param raw       the bytes; closed by the caller
     * @param mediaType its type, as detected ({@code text/csv} is read as a table even when its
     *                  first lines do not show it)
     * @param table     the table number its cells get
     * @param maxChars  the most characters taken; past it the outcome is TOO_LARGE
     * @param asTable   false to read it as plain text even if it looks like a table
     * @param lenient   whether a table is read leniently (a quote that never closes, characters
     *                  after a closing quote) rather than failing with {@link NotATable}, for a
     *                  text that cannot be read again from the start
     */
    static Outcome read(InputStream raw, String mediaType, TextSink sink, int table, long maxChars, boolean asTable,
            boolean lenient) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, SNIFF_BYTES);
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        TextDecoder.Sniffed sniffed = TextDecoder.sniff(head, head.length, head.length < SNIFF_BYTES);
        in.skipNBytes(sniffed.bomLength());
        boolean asciiSoFar = head.length == SNIFF_BYTES && sniffed.bomLength() == 0
                && sniffed.charset().equals(java.nio.charset.StandardCharsets.UTF_8) && allAscii(head);
        DecodingReader decoding = asciiSoFar ? DecodingReader.choosingAtFirstNonAscii(in)
                : new DecodingReader(in, sniffed.charset());
        BufferedReader reader = new BufferedReader(decoding, SNIFF_CHARS);
        reader.mark(SNIFF_CHARS);
        char[] first = new char[SNIFF_CHARS];
        int firstLength = reader.read(first, 0, first.length);
        reader.reset();
        String start = firstLength <= 0 ? "" : new String(first, 0, firstLength);
        char delimiter = asTable ? ContentExtractor.tableDelimiter(mediaType, start) : 0;
        boolean complete = delimiter != 0 ? readTable(reader, delimiter, sink, table, maxChars, lenient)
                : readPlain(reader, sink, maxChars);
        if (!complete) {
            return new Outcome(InspectionStatus.TOO_LARGE, ContentExtractor.charLimitReason(maxChars));
        }
        if (decoding.malformed() > 0) {
            return new Outcome(InspectionStatus.CORRUPT, decoding.malformed() + " byte sequences are not valid text in "
                    + decoding.charset().name() + "; the rest was inspected");
        }
        return new Outcome(InspectionStatus.OK, null);
    }

    private static boolean allAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readPlain(Reader reader, TextSink sink, long maxChars) throws IOException {
        char[] buffer = new char[64 * 1024];
        int read;
        while ((read = reader.read(buffer, 0, buffer.length)) > 0) {
            long room = maxChars - sink.position();
            int take = (int) Math.min(read, Math.max(0, room));
            int lastBreak = take - 1;
            while (lastBreak >= 0 && buffer[lastBreak] != '\n') {
                lastBreak--;
            }
            if (lastBreak >= 0) {
                sink.append(buffer, 0, lastBreak + 1);
                sink.cutHere();
                sink.append(buffer, lastBreak + 1, take - lastBreak - 1);
            } else {
                sink.append(buffer, 0, take);
            }
            if (take < read) {
                return false;
            }
        }
        return true;
    }

    /** Cells joined by tabs, rows by line breaks, each cell's place recorded. */
    private static boolean readTable(Reader reader, char delimiter, TextSink sink, int table, long maxChars,
            boolean lenient) throws IOException {
        RecordGuard guard = new RecordGuard(reader);
        Cells cells = new Cells(sink, table, maxChars, guard);
        CsvReader<Cells> csv = CsvReader.builder().fieldSeparator(delimiter).quoteCharacter('"')
                .commentStrategy(CommentStrategy.NONE).skipEmptyLines(false).allowExtraFields(true)
                .allowMissingFields(true).allowExtraCharsAfterClosingQuote(lenient).maxBufferSize(MAX_BUFFER_CHARS)
                .build(cells, guard);
        try (csv) {
            for (Cells record : csv) {
                if (record.full) {
                    return false;
                }
                if (!lenient && record.quoteLeftOpen()) {
                    throw new NotATable("a quoted field is still open at the end of the text");
                }
                sink.cutHere();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause() instanceof NotATable notATable ? notATable : new NotATable(e.getMessage());
        } catch (CsvParseException e) {
            // FastCSV wraps whatever a record's reading threw; only its own parse errors say "not a table"
            Throwable cause = e.getCause();
            if (cause == null || cause instanceof CsvParseException) {
                throw new NotATable(cause != null ? cause.getMessage() : e.getMessage());
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime; // from the sink: not the table's fault
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
        return true;
    }

    /** FastCSV's buffer; a record longer than {@link #MAX_RECORD_CHARS} is stopped by {@link RecordGuard} first. */
    private static final int MAX_BUFFER_CHARS = 2 * MAX_RECORD_CHARS;

    /**
     * Each record's fields go straight from the CSV reader's buffer into the sink, joined by tabs,
     * with their places: no string is made per cell. A record with no fields (an empty line) is
     * one empty cell, as a row of one column.
     */
    private static final class Cells extends AbstractBaseCsvCallbackHandler<Cells> {
        private static final char[] NO_CHARS = {};
        private final TextSink sink;
        private final int table;
        private final long maxChars;
        private final RecordGuard guard;
        private int row = -1;
        private boolean full;
        private boolean lastFieldQuoted;
        /** Whether the last field has a character other than the quote (it then cannot hold its opening quote). */
        private boolean lastFieldHasOtherChar;

        Cells(TextSink sink, int table, long maxChars, RecordGuard guard) {
            this.sink = sink;
            this.table = table;
            this.maxChars = maxChars;
            this.guard = guard;
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            guard.recordEnded();
            row++;
        }

        @Override
        protected void handleField(int column, char[] chars, int offset, int length, boolean quoted) {
            if (full) {
                return;
            }
            if (column > 0) {
                sink.append('\t');
            }
            long start = sink.position();
            long room = maxChars - start;
            if (length >= room) {
                sink.append(chars, offset, (int) Math.max(0, room));
                sink.cell(table, row, column, start, sink.position());
                full = true;
                return;
            }
            sink.append(chars, offset, length);
            sink.cell(table, row, column, start, sink.position());
            lastFieldQuoted = quoted;
            if (quoted) {
                lastFieldHasOtherChar = false;
                for (int i = offset; i < offset + length && !lastFieldHasOtherChar; i++) {
                    lastFieldHasOtherChar = chars[i] != '"';
                }
            }
        }

        @Override
        protected void handleEmpty() {
            handleField(0, NO_CHARS, 0, 0, false);
        }

        @Override
        protected Cells buildRecord() {
            if (!full) {
                sink.append('\n');
            }
            return this;
        }

        /**
         * Whether this record's last field opened a quote that never closed. FastCSV accepts that at
         * the end of the text; Commons CSV and RFC 4180 do not, and such a "table" is really text
         * whose quote swallowed the rest. Only a record ended by the end of the text can be one.
         * After the opening quote each quote switches quoting off and on ({@code ""} is a quote in
         * the field), so the field is still open when the text ends on a run of quotes of even
         * length after another character, or of odd length counting the opening quote.
         */
        boolean quoteLeftOpen() {
            if (!guard.ended || !lastFieldQuoted) {
                return false;
            }
            if (guard.last != '"') {
                return true;
            }
            return lastFieldHasOtherChar ? guard.trailingQuotes % 2 == 0 : guard.trailingQuotes % 2 == 1;
        }
    }

    /**
     * What the CSV reader reads through: it stops a parse whose record has no end in sight,
     * remembers how the text ended (for {@link Cells#quoteLeftOpen()}), and turns a carriage
     * return not followed by a line feed into a line feed. FastCSV 4.1.0 loses a record whose last
     * field is quoted and holds such a lone CR (it takes the line feed after the closing quote for
     * the second half of a CRLF and discards the record so far); as a line break a lone CR ends a
     * record just as a line feed does, and inside a quoted field it is a line break either way.
     */
    private static final class RecordGuard extends FilterReader {
        private long sinceRecord;
        private boolean sourceEnded;
        private boolean ended;
        /** A character read ahead (to see what follows a CR), returned first by the next read. */
        private int pushed = -1;
        private int last = -1;
        private long trailingQuotes;

        RecordGuard(Reader in) {
            super(in);
        }

        void recordEnded() {
            sinceRecord = 0;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int n = 0;
            if (pushed >= 0) {
                buffer[offset] = (char) pushed;
                pushed = -1;
                n = 1;
            }
            if (n < length && !sourceEnded) {
                int more = super.read(buffer, offset + n, length - n);
                if (more < 0) {
                    sourceEnded = true;
                } else {
                    n += more;
                }
            }
            if (n == 0) {
                ended = true;
                return -1;
            }
            int end = offset + n;
            for (int i = offset; i < end - 1; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] != '\n') {
                    buffer[i] = '\n';
                }
            }
            if (buffer[end - 1] == '\r') {
                int next = sourceEnded ? -1 : super.read();
                if (next < 0) {
                    sourceEnded = true;
                } else {
                    pushed = next;
                }
                if (next != '\n') {
                    buffer[end - 1] = '\n';
                }
            }
            count(n);
            int i = end - 1;
            while (i >= offset && buffer[i] == '"') {
                i--;
            }
            int quotes = end - 1 - i;
            trailingQuotes = i < offset ? trailingQuotes + quotes : quotes;
            last = buffer[end - 1];
            return n;
        }

        private void count(int n) throws NotATable {
            sinceRecord += n;
            if (sinceRecord > MAX_RECORD_CHARS + (long) SNIFF_CHARS) {
                throw new NotATable("a record runs past " + MAX_RECORD_CHARS + " characters");
            }
        }
    }
}
