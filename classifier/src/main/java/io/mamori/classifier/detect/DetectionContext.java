package io.mamori.classifier.detect;

import io.mamori.classifier.extract.TableLayout;
import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What detectors share about one text: where every keyword is, the digit runs, the table
 * structure, the findings of the detectors that ran before, and the date (for ages).
 */
public final class DetectionContext {

    /** Supporting keywords count within this many characters of a candidate (Purview's rule). */
    public static final int KEYWORD_WINDOW = 300;

    /** How far a line break puts a label from its value, when choosing the closest label. */
    static final int LINE_BREAK_DISTANCE = 40;

    /** The families whose keywords label an identifier; the nearest one says what a number is. */
    static final Set<KeywordFamily> IDENTIFIER_LABELS = EnumSet.of(KeywordFamily.MY_NUMBER,
            KeywordFamily.CORPORATE_NUMBER, KeywordFamily.PASSPORT, KeywordFamily.DRIVERS_LICENSE,
            KeywordFamily.RESIDENCE_CARD, KeywordFamily.RESIDENT_CODE, KeywordFamily.PENSION_NUMBER,
            KeywordFamily.BANK_ACCOUNT, KeywordFamily.CREDIT_CARD, KeywordFamily.PHONE, KeywordFamily.POSTAL_CODE,
            KeywordFamily.DATE_OF_BIRTH, KeywordFamily.OTHER_DATE, KeywordFamily.NOT_AN_IDENTIFIER);

    private final NormalizedText text;
    private final Map<KeywordFamily, KeywordHits> hits;
    private final LexicalScan lexical;
    private final TableContext tables;
    private final List<CustomDetectorSpec> customDetectors;
    private final LocalDate today;
    private final List<Finding> found = new ArrayList<>();
    private final int[] lineBreaks;
    private String asString;

    public DetectionContext(NormalizedText text, TableLayout layout, List<CustomDetectorSpec> customDetectors,
            LocalDate today) {
        this.text = text;
        this.hits = KeywordIndex.builtIn().scan(text);
        this.lexical = LexicalScan.of(text);
        this.tables = layout.size() == 0 ? TableContext.none() : new TableContext(layout, text, hits);
        this.customDetectors = List.copyOf(customDetectors);
        this.today = today;
        this.lineBreaks = lexical.lineBreaks();
    }

    public NormalizedText text() {
        return text;
    }

    public String textAsString() {
        if (asString == null) {
            asString = text.toString();
        }
        return asString;
    }

    public KeywordHits hits(KeywordFamily family) {
        return hits.get(family);
    }

    public LexicalScan lexical() {
        return lexical;
    }

    public TableContext tables() {
        return tables;
    }

    public List<CustomDetectorSpec> customDetectors() {
        return customDetectors;
    }

    public LocalDate today() {
        return today;
    }

    /** The findings of the detectors that have run so far. */
    public List<Finding> found() {
        return Collections.unmodifiableList(found);
    }

    void addFound(List<Finding> findings) {
        found.addAll(findings);
    }

    /** A keyword of the family within {@code window} characters of [start, end). */
    public boolean near(KeywordFamily family, int start, int end, int window) {
        return hits.get(family).anyWithin(Math.max(0, start - window), end + window);
    }

    /**
     * The supporting evidence of the brief: a keyword of the family within
     * {@value #KEYWORD_WINDOW} characters, or a column header of the family.
     */
    public boolean hasContext(KeywordFamily family, int start, int end) {
        return near(family, start, end, KEYWORD_WINDOW) || tables.columnHas(family, start);
    }

    /**
     * Which identifier label is closest to a candidate: a label in the candidate's own table cell
     * before it first (a footer row under a 品番 column labels its own number), then its column's
     * header, then the nearest keyword before it (a line break in between counts as
     * {@value #LINE_BREAK_DISTANCE} characters), then the nearest after it on the same line (at
     * double distance), within {@value #KEYWORD_WINDOW} characters. {@code null} when none is.
     */
    public KeywordFamily closestLabel(int start, int end) {
        int cell = tables.cellAt(start);
        if (cell >= 0) {
            KeywordFamily inCell = nearestBefore(tables.cellStart(cell), start);
            if (inCell != null) {
                return inCell;
            }
        }
        long columnFamilies = tables.headerFamiliesOfColumnAt(start);
        if (columnFamilies != 0 && !tables.isHeader(start)) {
            for (KeywordFamily family : IDENTIFIER_LABELS) {
                if ((columnFamilies & family.bit()) != 0) {
                    return family;
                }
            }
        }
        KeywordFamily best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (KeywordFamily family : IDENTIFIER_LABELS) {
            KeywordHits familyHits = hits.get(family);
            int before = familyHits.lastEndingBefore(start, KEYWORD_WINDOW);
            if (before >= 0) {
                int distance = start - familyHits.end(before)
                        + (lineBreakBetween(familyHits.end(before), start) ? LINE_BREAK_DISTANCE : 0);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = family;
                }
            }
            int after = familyHits.firstAtOrAfter(end);
            if (after < familyHits.size() && !lineBreakBetween(end, familyHits.start(after))) {
                // a label after the value is weaker than one before it: count double distance
                int distance = 2 * (familyHits.start(after) - end) + 1;
                if (distance <= 2 * KEYWORD_WINDOW && distance < bestDistance) {
                    bestDistance = distance;
                    best = family;
                }
            }
        }
        return best;
    }

    /** The identifier label ending nearest before {@code position} and starting at or after {@code from}. */
    private KeywordFamily nearestBefore(int from, int position) {
        KeywordFamily best = null;
        int bestEnd = -1;
        for (KeywordFamily family : IDENTIFIER_LABELS) {
            KeywordHits familyHits = hits.get(family);
            int hit = familyHits.lastEndingBefore(position, position - from);
            if (hit >= 0 && familyHits.start(hit) >= from && familyHits.end(hit) > bestEnd) {
                bestEnd = familyHits.end(hit);
                best = family;
            }
        }
        return best;
    }

    /**
     * True when the number is labelled as something that is not about a person (注文番号,
     * 品番 …): that label is the closest one, and it is in the number's cell or column, or right
     * before it on the same line.
     */
    public boolean labelledNotPersonal(int start, int end) {
        KeywordHits notPersonal = hits.get(KeywordFamily.NOT_AN_IDENTIFIER);
        int cell = tables.cellAt(start);
        boolean inCellOrColumn = cell >= 0 && (tables.columnHas(KeywordFamily.NOT_AN_IDENTIFIER, start)
                || notPersonal.lastEndingBefore(start, start - tables.cellStart(cell)) >= 0);
        if (!inCellOrColumn && !labelRightBefore(KeywordFamily.NOT_AN_IDENTIFIER, start, 24)) {
            return false; // cheap: no such label where it could apply
        }
        return closestLabel(start, end) == KeywordFamily.NOT_AN_IDENTIFIER;
    }

    /** True when a line break lies in [from, to). */
    public boolean lineBreakBetween(int from, int to) {
        int index = java.util.Arrays.binarySearch(lineBreaks, Math.max(0, from));
        int next = index >= 0 ? index : -index - 1;
        return next < lineBreaks.length && lineBreaks[next] < to;
    }

    /** A hit of the family ending at most {@code maxGap} characters before position on the same line. */
    public boolean labelRightBefore(KeywordFamily family, int position, int maxGap) {
        KeywordHits familyHits = hits.get(family);
        int label = familyHits.lastEndingBefore(position, maxGap);
        return label >= 0 && !lineBreakBetween(familyHits.end(label), position);
    }
}
