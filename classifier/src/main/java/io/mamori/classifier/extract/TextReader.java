package io.mamori.classifier.extract;

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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads plain text and tables (CSV, TSV, and plain text laid out as one) into a sink as they are
 * decoded, so that a file of any size passes through in constant memory: the charset is chosen
 * from the first {@value #SNIFF_BYTES} bytes ({@link TextDecoder#sniff}), the delimiter from the
 * first lines, and each record's cells are recorded as they are parsed (Apache Commons CSV).
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
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false)
                .setLenientEof(lenient).setTrailingData(lenient).get();
        RecordGuard guard = new RecordGuard(reader);
        try (CSVParser csv = CSVParser.parse(guard, format)) {
            int row = 0;
            for (CSVRecord record : csv) {
                guard.recordEnded();
                int columns = record.size();
                for (int column = 0; column < columns; column++) {
                    String value = record.get(column);
                    long room = maxChars - sink.position();
                    long start = sink.position();
                    if (value.length() >= room) {
                        sink.append(value.subSequence(0, (int) Math.max(0, room)));
                        sink.cell(table, row, column, start, sink.position());
                        return false;
                    }
                    sink.append(value);
                    sink.cell(table, row, column, start, sink.position());
                    sink.append(column + 1 < columns ? '\t' : '\n');
                }
                sink.cutHere();
                row++;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause() instanceof NotATable notATable ? notATable : new NotATable(e.getMessage());
        } catch (IllegalStateException e) {
            throw new NotATable(e.getMessage());
        }
        return true;
    }

    /** Stops a parse whose record has no end in sight. */
    private static final class RecordGuard extends FilterReader {
        private long sinceRecord;

        RecordGuard(Reader in) {
            super(in);
        }

        void recordEnded() {
            sinceRecord = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            count(c < 0 ? 0 : 1);
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(0, n));
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
