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
 * detection: line breaks between blocks, tabs between table cells, and where each cell is
 * ({@link TableLayout}). Stops with {@link LimitReached} once the character limit is reached.
 */
final class StructuredTextHandler extends DefaultHandler {

    /** Thrown to stop parsing when the text reaches the character limit. */
    static final class LimitReached extends SAXException {
        LimitReached(int limit) {
            super("text limit of " + limit + " characters reached");
        }
    }

    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "title",
            "br", "tr", "table", "pre", "blockquote", "dt", "dd", "section", "article", "header", "footer", "caption");

    private record Cell(int table, int row, int column, int start) {
    }

    private record TableState(int table, int row, int column) {
    }

    private final StringBuilder text = new StringBuilder(4096);
    private final TableLayout tables = new TableLayout();
    private final Deque<TableState> tableStack = new ArrayDeque<>();
    private final Deque<Cell> cellStack = new ArrayDeque<>();
    private final int maxChars;
    private int tableCount;
    private boolean truncated;

    StructuredTextHandler(int maxChars) {
        this.maxChars = maxChars;
    }

    String text() {
        return text.toString();
    }

    TableLayout tables() {
        return tables;
    }

    boolean truncated() {
        return truncated;
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
                    cellStack.push(new Cell(next.table(), next.row(), next.column(), text.length()));
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
            tables.add(cell.table(), cell.row(), cell.column(), cell.start(), text.length());
            append('\t');
        } else if (name.equals("table") && !tableStack.isEmpty()) {
            tableStack.pop();
        }
        if (BLOCKS.contains(name)) {
            append('\n');
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        int room = maxChars - text.length();
        if (length > room) {
            text.append(ch, start, Math.max(0, room));
            truncated = true;
            throw new LimitReached(maxChars);
        }
        text.append(ch, start, length);
    }

    /**
     * Appends a document Mamori read itself (plain text or a CSV inside an archive) with its
     * table cells moved to where it lands, as separate tables, so that its header still governs
     * its columns. Stops with {@link LimitReached} when it does not fit, or when it was already
     * cut short ({@code cutShort}).
     */
    void appendDocument(String document, TableLayout documentTables, boolean cutShort) throws SAXException {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            append('\n');
        }
        int offset = text.length();
        int room = maxChars - offset;
        String kept = document.length() > room ? document.substring(0, Math.max(0, room)) : document;
        text.append(kept);
        int lastTable = -1;
        for (int cell = 0; cell < documentTables.size(); cell++) {
            if (documentTables.end(cell) <= kept.length()) {
                tables.add(tableCount + documentTables.table(cell), documentTables.row(cell),
                        documentTables.column(cell), offset + documentTables.start(cell), offset + documentTables.end(cell));
                lastTable = Math.max(lastTable, documentTables.table(cell));
            }
        }
        tableCount += lastTable + 1;
        if (cutShort || kept.length() < document.length()) {
            truncated = true;
            throw new LimitReached(maxChars);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        characters(ch, start, length);
    }

    private void append(char c) throws SAXException {
        if (text.length() > 0 && text.charAt(text.length() - 1) == '\n' && c == '\n') {
            return; // one line break between blocks is enough
        }
        if (text.length() >= maxChars) {
            truncated = true;
            throw new LimitReached(maxChars);
        }
        text.append(c);
    }

    private static String localName(String localName, String qName) {
        String name = localName == null || localName.isEmpty() ? qName : localName;
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }
}
