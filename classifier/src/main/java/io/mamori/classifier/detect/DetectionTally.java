package io.mamori.classifier.detect;

import com.carrotsearch.hppc.LongHashSet;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.PeopleKeys;
import io.mamori.protocol.finding.ReportableTrigger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds up what detection found in the pieces of one text, piece after piece, in text order: the
 * count and first masked samples per (type, confidence), the table rows and distinct values that
 * make the people estimate, the APPI triggers. Only the findings a piece owns are added (each
 * place of the text is owned by exactly one piece), so the totals are those of the whole text read
 * at once. Memory stays bounded: rows are remembered for one piece back (a row never spans more
 * than two), distinct values up to {@value #DISTINCT_LIMIT} in all, findings up to
 * {@value #KEPT_FINDINGS}.
 */
public final class DetectionTally {

    /** Distinct values remembered for the people estimate, over all types; past it the estimate is a floor. */
    public static final int DISTINCT_LIMIT = 1_000_000;
    /** Findings kept for the process that made them (positions in the whole text); the counts go on. */
    public static final int KEPT_FINDINGS = 20_000;

    private final Map<FindingType, Map<Confidence, Group>> groups = new HashMap<>();
    private final Set<ReportableTrigger> triggers = EnumSet.noneOf(ReportableTrigger.class);
    private final Map<FindingType, LongHashSet> distinct = new HashMap<>();
    private final List<Finding> kept = new ArrayList<>();
    /** Per type, a bit per confidence whose samples are all found; read by the threads that sum pieces up. */
    private final Map<FindingType, Integer> samplesFull = new java.util.concurrent.ConcurrentHashMap<>();
    private LongHashSet previousRows = new LongHashSet();
    private long rows;
    private int distinctCount;
    /** Read by the threads that sum pieces up: once full, they need not make value keys. */
    private volatile boolean distinctFull;
    private long findings;

    private static final class Group {
        long count;
        final Set<String> samples = new LinkedHashSet<>();
    }

    /** The summaries of findings in text order (see {@link #summaries()}). */
    public static List<FindingSummary> summarise(List<Finding> findings) {
        return new DetectionTally().addAll(findings, TableContext.none()).summaries();
    }

    /** Adds every finding of a text read whole. */
    public DetectionTally addAll(List<Finding> all, TableContext tables) {
        return add(part(all, tables, 0, Integer.MAX_VALUE), 0);
    }

    /**
     * What one piece owns, summed up where the piece was read (on its own thread): the findings
     * that start in [ownedFrom, ownedTo) of its normalised text — a run of the findings, which
     * are in text order — counted per type and confidence with their first samples, the rows and
     * the value keys they count for people, the triggers they set. It reads only what
     * {@link #add} has published: whether distinct values are still counted, and which (type,
     * confidence) already has all its samples (a later piece's samples would not be kept, so they
     * are not made).
     */
    public Part part(List<Finding> found, TableContext tables, int ownedFrom, int ownedTo) {
        boolean countValues = !distinctFull;
        Part part = new Part();
        int first = 0;
        while (first < found.size() && found.get(first).start() < ownedFrom) {
            first++;
        }
        int end = first;
        long lastRow = -1;
        // a piece holds a handful of types, met over and over: found by identity, in a short list
        TypeState[] states = new TypeState[8];
        int stateCount = 0;
        TypeState state = null;
        for (; end < found.size() && found.get(end).start() < ownedTo; end++) {
            Finding finding = found.get(end);
            FindingType type = finding.type();
            if (state == null || state.type != type) {
                state = null;
                for (int i = 0; i < stateCount && state == null; i++) {
                    state = states[i].type == type ? states[i] : null;
                }
                for (int i = 0; i < stateCount && state == null; i++) {
                    state = states[i].type.equals(type) ? states[i] : null; // a custom type made twice
                }
                if (state == null) {
                    if (stateCount == states.length) {
                        states = java.util.Arrays.copyOf(states, stateCount * 2);
                    }
                    state = states[stateCount++] = new TypeState(type, samplesFull.getOrDefault(type, 0));
                }
            }
            int c = finding.confidence().ordinal();
            Group group = state.groups[c];
            if (group == null) {
                group = state.groups[c] = new Group();
            }
            group.count++;
            if ((state.samplesFull & (1 << c)) == 0 && group.samples.size() < FindingSummary.MAX_SAMPLES) {
                group.samples.add(clip(finding.sample()));
            }
            if (!finding.confidence().isAtLeast(Confidence.MEDIUM)) {
                continue;
            }
            if (state.sensitive) {
                part.triggers.add(ReportableTrigger.SENSITIVE_PERSONAL);
            } else if (state.financial) {
                part.triggers.add(ReportableTrigger.FINANCIAL);
            }
            if (!state.personal) {
                continue;
            }
            long row = tables.rowKey(finding.start());
            if (row >= 0 && row != lastRow && part.rows.add(row)) {
                part.rowOrder.add(row);
            }
            lastRow = row;
            if (!countValues) {
                continue;
            }
            if (state.values == null) {
                state.values = part.values.computeIfAbsent(type, t -> new com.carrotsearch.hppc.LongArrayList());
            }
            state.values.add(finding.valueKey());
        }
        part.findings = found;
        part.first = first;
        part.end = end;
        for (int i = 0; i < stateCount; i++) {
            Map<Confidence, Group> map = new EnumMap<>(Confidence.class);
            for (Confidence confidence : Confidence.values()) {
                if (states[i].groups[confidence.ordinal()] != null) {
                    map.put(confidence, states[i].groups[confidence.ordinal()]);
                }
            }
            part.groups.merge(states[i].type, map, (a, b) -> {
                a.putAll(b);
                return a;
            });
        }
        return part;
    }

    /** What {@link #part} keeps for one type while it sums a piece. */
    private static final class TypeState {
        final FindingType type;
        final Group[] groups = new Group[Confidence.values().length];
        final boolean personal;
        final boolean financial;
        final boolean sensitive;
        /** Bit per confidence: the totals already hold all the samples they show. */
        final int samplesFull;
        com.carrotsearch.hppc.LongArrayList values;

        TypeState(FindingType type, int samplesFull) {
            this.type = type;
            this.personal = Detectors.PERSONAL_TYPES.contains(type);
            this.financial = type.equals(FindingType.CREDIT_CARD) || type.equals(FindingType.JP_BANK_ACCOUNT);
            this.sensitive = type.equals(FindingType.SENSITIVE_PERSONAL);
            this.samplesFull = samplesFull;
        }
    }

    /** A piece summed up by {@link #part}; added to the whole, in text order, by {@link #add(Part, long)}. */
    public static final class Part {
        private final Map<FindingType, Map<Confidence, Group>> groups = new HashMap<>();
        private final Set<ReportableTrigger> triggers = EnumSet.noneOf(ReportableTrigger.class);
        private final LongHashSet rows = new LongHashSet();
        private final com.carrotsearch.hppc.LongArrayList rowOrder = new com.carrotsearch.hppc.LongArrayList();
        private final Map<FindingType, com.carrotsearch.hppc.LongArrayList> values = new HashMap<>();
        private List<Finding> findings;
        private int first;
        private int end;
    }

    /**
     * Adds a piece.
     *
     * @param base added to a kept finding's position: where the piece's position 0 lies in the
     *             normalised text of the whole
     */
    public DetectionTally add(Part part, long base) {
        findings += part.end - part.first;
        part.groups.forEach((type, byConfidence) -> byConfidence.forEach((confidence, group) -> {
            Group total = groups.computeIfAbsent(type, t -> new EnumMap<>(Confidence.class))
                    .computeIfAbsent(confidence, c -> new Group());
            total.count += group.count;
            for (String sample : group.samples) {
                if (total.samples.size() == FindingSummary.MAX_SAMPLES) {
                    break;
                }
                total.samples.add(sample);
            }
            if (total.samples.size() == FindingSummary.MAX_SAMPLES) {
                samplesFull.merge(type, 1 << confidence.ordinal(), (a, b) -> a | b);
            }
        }));
        triggers.addAll(part.triggers);
        for (int i = part.first; i < part.end && kept.size() < KEPT_FINDINGS; i++) {
            Finding finding = part.findings.get(i);
            if (base + finding.end() > Integer.MAX_VALUE) {
                break;
            }
            kept.add(base == 0 ? finding : finding.movedBy(base));
        }
        for (int i = 0; i < part.rowOrder.size(); i++) {
            if (!previousRows.contains(part.rowOrder.get(i))) {
                rows++;
            }
        }
        previousRows = part.rows;
        if (!distinctFull) {
            for (Map.Entry<FindingType, com.carrotsearch.hppc.LongArrayList> entry : part.values.entrySet()) {
                LongHashSet set = distinct.computeIfAbsent(entry.getKey(), t -> new LongHashSet());
                com.carrotsearch.hppc.LongArrayList keys = entry.getValue();
                for (int i = 0; i < keys.size() && !distinctFull; i++) {
                    if (set.add(keys.get(i))) {
                        distinctFull = ++distinctCount >= DISTINCT_LIMIT;
                    }
                }
            }
        }
        return this;
    }

    private static String clip(String sample) {
        return sample.length() > FindingSummary.MAX_SAMPLE_LENGTH ? sample.substring(0, FindingSummary.MAX_SAMPLE_LENGTH)
                : sample;
    }

    /** Forgets everything added (the text is read again from its start). */
    public void reset() {
        groups.clear();
        triggers.clear();
        distinct.clear();
        kept.clear();
        samplesFull.clear();
        previousRows = new LongHashSet();
        rows = 0;
        distinctCount = 0;
        distinctFull = false;
        findings = 0;
    }

    /** Findings added so far. */
    public long findings() {
        return findings;
    }

    /**
     * People covered: the rows of tables holding personal data, or the most distinct values of
     * any one personal type (in tables, names are left out of that count: a row often holds a
     * name twice, in kanji and in kana).
     */
    public long people() {
        long most = 0;
        for (Map.Entry<FindingType, LongHashSet> entry : distinct.entrySet()) {
            if (rows > 0 && entry.getKey() == FindingType.JP_PERSON_NAME) {
                continue;
            }
            most = Math.max(most, entry.getValue().size());
        }
        return Math.max(rows, most);
    }

    /**
     * The people as keys (the first 32 bits of each distinct value's key) of the personal type that
     * gives {@link #people()} its count of distinct values — names only where there is no table —
     * so that people can be counted across files; null when there are none, or when the file
     * covers more than {@value PeopleKeys#MAX_KEYS} people (reportable by itself).
     */
    public PeopleKeys peopleKeys() {
        if (distinctFull || people() > PeopleKeys.MAX_KEYS) {
            return null;
        }
        FindingType chosen = null;
        LongHashSet most = null;
        for (Map.Entry<FindingType, LongHashSet> entry : distinct.entrySet()) {
            if (rows > 0 && entry.getKey() == FindingType.JP_PERSON_NAME) {
                continue;
            }
            if (most == null || entry.getValue().size() > most.size()
                    || entry.getValue().size() == most.size() && entry.getKey().id().compareTo(chosen.id()) < 0) {
                chosen = entry.getKey();
                most = entry.getValue();
            }
        }
        if (most == null || most.isEmpty()) {
            return null;
        }
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        for (com.carrotsearch.hppc.cursors.LongCursor value : most) {
            keys.add(String.format(java.util.Locale.ROOT, "%08x", (int) (value.value >>> 32)));
        }
        return new PeopleKeys(chosen, List.copyOf(keys));
    }

    /** Whether the distinct values outgrew what is remembered, so that {@link #people()} is a floor. */
    public boolean peopleIsFloor() {
        return distinctFull;
    }

    public Set<ReportableTrigger> reportable() {
        Set<ReportableTrigger> all = EnumSet.noneOf(ReportableTrigger.class);
        all.addAll(triggers);
        if (people() > 1000) {
            all.add(ReportableTrigger.OVER_1000_PEOPLE);
        }
        return all;
    }

    /** The findings kept, in text order, at positions in the normalised text of the whole. */
    public List<Finding> kept() {
        return List.copyOf(kept);
    }

    /**
     * One summary per (type, confidence): built-in types in the order of the design brief, then
     * custom ones; higher confidence first; at most {@value FindingSummary#MAX_SAMPLES} distinct
     * masked samples each, the first ones in text order.
     */
    public List<FindingSummary> summaries() {
        List<FindingType> types = new ArrayList<>(groups.keySet());
        types.sort(Comparator.comparingInt(DetectionTally::typeOrder).thenComparing(FindingType::id));
        List<FindingSummary> summaries = new ArrayList<>();
        for (FindingType type : types) {
            Map<Confidence, Group> byConfidence = groups.get(type);
            for (Confidence confidence : List.of(Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW)) {
                Group group = byConfidence.get(confidence);
                if (group != null) {
                    summaries.add(new FindingSummary(type, confidence, (int) Math.min(Integer.MAX_VALUE, group.count),
                            List.copyOf(group.samples)));
                }
            }
        }
        return summaries;
    }

    private static int typeOrder(FindingType type) {
        int index = FindingType.builtIns().indexOf(type);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
