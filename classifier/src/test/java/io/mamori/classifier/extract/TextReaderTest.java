package io.mamori.classifier.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.protocol.finding.InspectionStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Tables in text are read with FastCSV straight into the sink. What it reads must be what
 * Commons CSV (which read them before, and which Tika uses) reads: the same cells in the same
 * places, and the same texts refused as tables — a quote that never closes, characters after a
 * closing quote — so that such a text is read again as plain text.
 */
class TextReaderTest {

    /**
     * No spaces: after a closing quote Commons CSV skips spaces up to the next delimiter, where
     * FastCSV (as RFC 4180) refuses the text ({@link #spacesAfterAClosingQuoteMakeATextThatIsNotATable}).
     */
    private static final char[] ALPHABET = {'a', 'b', ',', ',', '"', '"', '"', '\n', '\r', 'あ'};

    @Test
    void randomTextsAreReadAsCommonsCsvReadsThem() throws IOException {
        Random random = new Random(20261207);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int k = 0; k < length; k++) {
                text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String expected = commonsCsv(text.toString());
            String actual = ours(text.toString());
            assertThat(escape(actual)).as("strict reading of %s", escape(text)).isEqualTo(escape(expected));
            if (expected.equals("NOT A TABLE")) {
                refused++;
            }
        }
        // the generator makes both kinds: a test of only the easy texts could not fail
        assertThat(refused).isBetween(1_000, 19_000);
    }

    @Test
    void longTextsAreReadAsCommonsCsvReadsThemWhereverTheReadsAreCut() throws IOException {
        // long enough that the CSV reader reads them in many parts: a CR or a run of quotes at the
        // end of one part must be read as it would be whole
        Random random = new Random(7);
        String[] fields = {"a", "\"x\ry\"", "\"\"\"\"", "\"q\"\"\"", "\"l\r\nm\"", "\"\"", "あい", "\"c,d\""};
        for (int text = 0; text < 20; text++) {
            StringBuilder csv = new StringBuilder();
            while (csv.length() < 100_000) {
                int columns = 1 + random.nextInt(4);
                for (int c = 0; c < columns; c++) {
                    csv.append(c > 0 ? "," : "").append(fields[random.nextInt(fields.length)]);
                }
                csv.append(random.nextBoolean() ? "\n" : random.nextBoolean() ? "\r\n" : "\r");
            }
            if (text % 2 == 1) {
                csv.append("\"never closed\"\"");
            }
            String expected = commonsCsv(csv.toString());
            assertThat(expected.equals("NOT A TABLE")).isEqualTo(text % 2 == 1);
            assertThat(ours(csv.toString())).isEqualTo(expected);
        }
    }

    @Test
    void quotesLeftOpenAtTheEndAreRefusedWhateverTheirRunOfQuotes() throws IOException {
        // after the opening quote each quote switches quoting: "" is one quote in the field
        assertThat(ours("a,b\nc,\"d\"")).isEqualTo("a|b;c|d;");
        assertThat(ours("a,b\nc,\"d\"\"")).isEqualTo("NOT A TABLE");
        assertThat(ours("a,b\nc,\"d\"\"\"")).isEqualTo("a|b;c|d\";");
        assertThat(ours("a,b\nc,\"\"")).isEqualTo("a|b;c|;");
        assertThat(ours("a,b\nc,\"\"\"")).isEqualTo("NOT A TABLE");
        assertThat(ours("a,b\nc,\"\"\"\"")).isEqualTo("a|b;c|\";");
        assertThat(ours("a,b\nc,\"d\ne,f\n")).isEqualTo("NOT A TABLE");
        assertThat(ours("a,\"b\"x,c\n")).isEqualTo("NOT A TABLE");
    }

    @Test
    void spacesAfterAClosingQuoteMakeATextThatIsNotATable() throws IOException {
        // the one difference from Commons CSV, which skips them: such a text is read as plain text
        assertThat(commonsCsv("a,b\n\"c\" ,d\n")).isEqualTo("a|b;c|d;");
        assertThat(ours("a,b\n\"c\" ,d\n")).isEqualTo("NOT A TABLE");
        assertThat(ours("a,b\n\"c\" ,d\n", true)).isEqualTo("a|b;c |d;");
    }

    @Test
    void aLenientReadingTakesWhatItCan() throws IOException {
        assertThat(ours("a,b\nc,\"d\ne,f\n", true)).isEqualTo("a|b;c|d\ne,f\n;");
        assertThat(ours("a,\"b\"x,c\n", true)).isEqualTo("a|bx|c;");
    }

    @Test
    void aQuotedLastFieldWithALoneCarriageReturnIsNotLost() throws IOException {
        // FastCSV 4.1.0 alone drops the record "x<CR>y" and joins "d" to the row before it
        assertThat(ours("a,b\nc,\"x\ry\"\nd\n")).isEqualTo("a|b;c|x\ny;d;");
        assertThat(ours("a,b\r\nc,\"x\r\ny\"\r\nd\r\n")).isEqualTo("a|b;c|x\r\ny;d;");
        assertThat(ours("a,b\rc,d\re,f")).isEqualTo("a|b;c|d;e|f;");
    }

    @Test
    void emptyLinesAreRowsOfOneEmptyCell() throws IOException {
        CollectedText sink = new CollectedText();
        read("名前,電話\n\r\n佐藤,03\n", sink, false);
        assertThat(sink.text()).isEqualTo("名前\t電話\n\n佐藤\t03\n");
        TableLayout cells = sink.tables();
        assertThat(cells.size()).isEqualTo(5);
        assertThat(cells.row(2)).isEqualTo(1);
        assertThat(cells.start(2)).isEqualTo(cells.end(2));
        assertThat(cells.row(3)).isEqualTo(2);
    }

    @Test
    void aCellPastTheCharacterLimitIsCutAndTheTextIsTooLarge() throws IOException {
        CollectedText sink = new CollectedText();
        TextReader.Outcome outcome = TextReader.read(bytes("a,b\nc,defghij\nk,l\n"), "text/csv", sink, 0, 9, true,
                false);
        assertThat(outcome.status()).isEqualTo(InspectionStatus.TOO_LARGE);
        assertThat(sink.text()).isEqualTo("a\tb\nc\tdef");
        assertThat(sink.tables().end(sink.tables().size() - 1)).isEqualTo(9);
    }

    @Test
    void aRecordThatNeverEndsIsNotATable() {
        StringBuilder text = new StringBuilder("a,b\nc,\"");
        text.append("x".repeat(TextReader.MAX_RECORD_CHARS + 100_000)).append("\"\n");
        assertThatThrownBy(() -> read(text.toString(), new CollectedText(), true))
                .isInstanceOf(TextReader.NotATable.class).hasMessageContaining("runs past");
    }

    @Test
    void aFailureOfTheSinkIsNotMistakenForATextThatIsNotATable() {
        CollectedText collected = new CollectedText();
        TextSink sink = new TextSink() {
            @Override
            public void append(char[] chars, int offset, int length) {
                collected.append(chars, offset, length);
            }

            @Override
            public void append(CharSequence text) {
                collected.append(text);
            }

            @Override
            public void append(char c) {
                collected.append(c);
            }

            @Override
            public long position() {
                return collected.position();
            }

            @Override
            public char lastChar() {
                return collected.lastChar();
            }

            @Override
            public void cell(int table, int row, int column, long start, long end) {
                if (row == 2) {
                    throw new IllegalStateException("interrupted while inspecting");
                }
            }

            @Override
            public void cutHere() {
            }

            @Override
            public void restart() {
            }
        };
        assertThatThrownBy(() -> read("a,b\nc,d\ne,f\n", sink, false)).isInstanceOf(IllegalStateException.class)
                .hasMessage("interrupted while inspecting");
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Rows end in ';', cells are joined by '|'; or NOT A TABLE. */
    private static String ours(String text) throws IOException {
        return ours(text, false);
    }

    private static String ours(String text, boolean lenient) throws IOException {
        CollectedText sink = new CollectedText();
        try {
            read(text, sink, lenient);
        } catch (TextReader.NotATable e) {
            return "NOT A TABLE";
        }
        StringBuilder out = new StringBuilder();
        TableLayout cells = sink.tables();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(cells.row(i) != cells.row(i - 1) ? ";" : "|");
            }
            out.append(sink.text(), cells.start(i), cells.end(i));
        }
        return cells.size() == 0 ? "" : out.append(';').toString();
    }

    private static String commonsCsv(String text) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(',').setIgnoreEmptyLines(false).get();
        StringBuilder out = new StringBuilder();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                // a lone CR is read as a line feed (TextReader.RecordGuard says why)
                rows.add(String.join("|", record.toList()).replaceAll("\r(?!\n)", "\n"));
            }
            for (String row : rows) {
                out.append(row).append(';');
            }
        } catch (UncheckedIOException | IllegalStateException | IOException e) {
            return "NOT A TABLE";
        }
        return out.toString();
    }

    private static void read(String text, TextSink sink, boolean lenient) throws IOException {
        TextReader.read(bytes(text), "text/csv", sink, 0, Long.MAX_VALUE, true, lenient);
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(CharSequence text) {
        return text.toString().replace("\r", "\\r").replace("\n", "\\n");
    }
}
