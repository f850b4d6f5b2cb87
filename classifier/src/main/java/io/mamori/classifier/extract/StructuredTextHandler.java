package io.mamori.classifier.extract;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns Tika's XHTML events into plain text for the detectors, keeping what matters for
 * detection: line breaks between blocks, tabs between table cells, and where each cell is. The
 * text goes to a {@link TextSink} as it comes, marked where it may be cut (a block has ended
 * outside any table cell), so a long document need not be held whole. Stops with
 * {@link LimitReached} once the character limit is reached.
 */
final class StructuredTextHandler extends DefaultHandler {

    /** Thrown to stop parsing when the text reaches the character limit. */
    static final class LimitReached extends SAXException {
        LimitReached(long limit) {
            super("text limit of " + limit + " characters reached");
        }
    }

    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "title",
            "br", "tr", "table", "pre", "blockquote", "dt", "dd", "section", "article", "header", "footer", "caption");

    private record Cell(int table, int row, int column, long start) {
    }

    private record TableState(int table, int row, int column) {
    }

    private final TextSink sink;
    private final Deque<TableState> tableStack = new ArrayDeque<>();
    private final Deque<Cell> cellStack = new ArrayDeque<>();
    private final long maxChars;
    private int tableCount;
    private boolean truncated;
    private final boolean countVisible;
    private long visibleChars;

    /**
     * @param countVisible whether to count the characters other than white space (a PDF is taken
     *                     as scanned when it has almost none); off, the text is not looked at twice
     */
    StructuredTextHandler(TextSink sink, long maxChars, boolean countVisible) {
        this.sink = sink;
        this.maxChars = maxChars;
        this.countVisible = countVisible;
    }

    /** Characters other than white space the parser reported, when counted (a scanned PDF has almost none). */
    long visibleChars() {
        return visibleChars;
    }

    boolean truncated() {
        return truncated;
    }

    long maxChars() {
        return maxChars;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
        String name = localName(localName, qName);
        switch (name) {
            case "table" -> tableStack.push(new TableState(tableCount++, -1, -1));
            case "tr" -> {
                if (!tableStack.isEmpty()) {
                    TableState state = tableStack.pop();
                    tableStack.push(new TableState(state.table(), state.row() + 1, -1));
                }
            }
            case "td", "th" -> {
                if (!tableStack.isEmpty()) {
                    TableState state = tableStack.pop();
                    TableState next = new TableState(state.table(), Math.max(0, state.row()), state.column() + 1);
                    tableStack.push(next);
                    cellStack.push(new Cell(next.table(), next.row(), next.column(), sink.position()));
                }
            }
            default -> {
                // other elements only matter for the line breaks added at their end
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        String name = localName(localName, qName);
        if ((name.equals("td") || name.equals("th")) && !cellStack.isEmpty()) {
            Cell cell = cellStack.pop();
            sink.cell(cell.table(), cell.row(), cell.column(), cell.start(), sink.position());
            append('\t');
        } else if (name.equals("table") && !tableStack.isEmpty()) {
            tableStack.pop();
        }
        if (BLOCKS.contains(name)) {
            append('\n');
            if (cellStack.isEmpty()) {
                sink.cutHere();
            }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        for (int i = start; countVisible && i < start + length; i++) {
            if (!Character.isWhitespace(ch[i])) {
                visibleChars++;
            }
        }
        appendWithinLimit(ch, start, length);
    }

    /** Appends text, as much as the character limit leaves room for; past it, stops the parse. */
    private void appendWithinLimit(char[] ch, int start, int length) throws LimitReached {
        long room = maxChars - sink.position();
        if (length > room) {
            sink.append(ch, start, (int) Math.max(0, room));
            truncated = true;
            throw new LimitReached(maxChars);
        }
        sink.append(ch, start, length);
    }

    /**
     * Starts a document Mamori reads itself (plain text or a table inside an archive) on a line of
     * its own, with a table number of its own so that its header still governs its columns; its
     * text and cells then go straight to the sink.
     *
     * @return the table number its cells take
     */
    int startOwnDocument() throws SAXException {
        if (sink.position() > 0 && sink.lastChar() != '\n') {
            append('\n');
        }
        if (cellStack.isEmpty()) {
            sink.cutHere();
        }
        return tableCount++;
    }

    /** The text sink, for a document Mamori reads itself. */
    TextSink sink() {
        return sink;
    }

    /** Records that a document read into the sink stopped at the character limit. */
    void limitReached() throws LimitReached {
        truncated = true;
        throw new LimitReached(maxChars);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        appendWithinLimit(ch, start, length);
    }

    private void append(char c) throws SAXException {
        if (sink.lastChar() == '\n' && c == '\n') {
            return; // one line break between blocks is enough
        }
        if (sink.position() >= maxChars) {
            truncated = true;
            throw new LimitReached(maxChars);
        }
        sink.append(c);
    }

    private static String localName(String localName, String qName) {
        String name = localName == null || localName.isEmpty() ? qName : localName;
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }
}
