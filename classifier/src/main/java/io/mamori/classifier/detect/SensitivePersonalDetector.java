package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * 要配慮個人情報: words of the sensitive categories ({@link SensitiveCategory}) about a person. The
 * words alone are everywhere in policies and forms, so what counts is a person nearby: the word
 * heads a column of a table of people — HIGH; it is within {@value DetectionContext#KEYWORD_WINDOW}
 * characters of a person's name or identifier (or in the same table row) — HIGH for a strong word
 * (既往歴, 前科, 障害者手帳 …), MEDIUM for a weak one (健康診断, 血圧 …); otherwise LOW. The sample
 * names the category, never the person: {@code 病歴（既往歴）}.
 */
public final class SensitivePersonalDetector implements Detector {

    /** Findings that identify a person; a sensitive word near one is about that person. */
    static final Set<FindingType> PERSON_TYPES = Set.of(FindingType.JP_PERSON_NAME, FindingType.JP_MY_NUMBER,
            FindingType.JP_PASSPORT, FindingType.JP_DRIVERS_LICENSE, FindingType.JP_RESIDENCE_CARD,
            FindingType.JP_RESIDENT_CODE, FindingType.JP_PENSION_NUMBER, FindingType.DATE_OF_BIRTH,
            FindingType.EMAIL, FindingType.JP_PHONE, FindingType.JP_ADDRESS);

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        KeywordHits hits = context.hits(KeywordFamily.SENSITIVE);
        if (hits.size() == 0) {
            return List.of();
        }
        List<Finding> people = new ArrayList<>();
        for (Finding finding : context.found()) {
            if (PERSON_TYPES.contains(finding.type()) && finding.confidence().isAtLeast(Confidence.MEDIUM)) {
                people.add(finding);
            }
        }
        people.sort((a, b) -> Integer.compare(a.start(), b.start()));
        int[] personStarts = people.stream().mapToInt(Finding::start).toArray();
        List<Finding> findings = new ArrayList<>();
        TableContext tables = context.tables();
        com.carrotsearch.hppc.LongHashSet personRows = new com.carrotsearch.hppc.LongHashSet();
        for (Finding person : people) {
            long row = tables.rowKey(person.start());
            if (row >= 0) {
                personRows.add(row);
            }
        }
        Set<SensitiveCategory> headed = EnumSet.noneOf(SensitiveCategory.class);
        for (int h = 0; h < hits.size(); h++) {
            int start = hits.start(h);
            int end = hits.end(h);
            SensitiveCategory category = SensitiveCategory.values()[hits.payload(h) / 2];
            boolean strong = hits.payload(h) % 2 == 1;
            Confidence confidence;
            if (tables.isHeader(start)) {
                if (!headed.add(category)) {
                    continue;
                }
                confidence = Confidence.HIGH;
            } else if (personNear(personStarts, people, start, end) || personInRow(tables, personRows, start)) {
                confidence = strong ? Confidence.HIGH : Confidence.MEDIUM;
            } else {
                confidence = Confidence.LOW;
            }
            String word = text.substring(start, end);
            String sample = category.labelJa() + "（" + word + "）";
            findings.add(new Finding(FindingType.SENSITIVE_PERSONAL, confidence, start, end, sample,
                    ValueKeys.of(category.name())));
        }
        return findings;
    }

    private static boolean personNear(int[] starts, List<Finding> people, int start, int end) {
        int window = DetectionContext.KEYWORD_WINDOW;
        int index = java.util.Arrays.binarySearch(starts, start - window);
        index = index < 0 ? -index - 1 : index;
        for (int i = index; i < starts.length && starts[i] <= end + window; i++) {
            if (people.get(i).end() >= start - window) {
                return true;
            }
        }
        return false;
    }

    private static boolean personInRow(TableContext tables, com.carrotsearch.hppc.LongHashSet personRows, int start) {
        long row = tables.rowKey(start);
        return row >= 0 && personRows.contains(row);
    }
}
