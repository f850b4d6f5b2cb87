package io.mamori.classifier.extract;

/**
 * Where the extractor puts a file's text as it reads it: characters in order, the table cells
 * within them, and the places where the text may be cut into pieces for detection (a line has
 * ended and no table cell is open). Positions count characters from the start of the file's
 * text. A sink may hold all of it ({@link CollectedText}) or inspect it piece by piece as it
 * comes, so that a file of any size is inspected in constant memory.
 */
public interface TextSink {

    void append(char[] chars, int offset, int length);

    void append(CharSequence text);

    void append(char c);

    /** Characters appended so far. */
    long position();

    /** The last character appended, 0 before the first. */
    char lastChar();

    /** A table cell at [start, end) of the text; cells come in the order they close. */
    void cell(int table, int row, int column, long start, long end);

    /** The text may be cut at the current position: a line has ended and no table cell is open. */
    void cutHere();

    /** Forgets everything appended so far: the text is read again from its start in another way. */
    void restart();
}
