package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * 住所: a municipality from the gazetteer (市区町村), optionally after its prefecture, followed by
 * a town name and a block number (丁目/番地/号, or 1-2-3). HIGH with prefecture and block number, or
 * with a block number and an address label or column; MEDIUM with a block number alone, or a
 * prefecture and an address label; LOW for a prefecture and municipality alone (a place, not yet
 * somebody's address).
 */
public final class AddressDetector implements Detector {

    private static final int TOWN_LIMIT = 24;
    private static final int LABEL_GAP = 12;
    private static final String KANJI_NUMERALS = "一二三四五六七八九十〇";

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        KeywordHits municipalities = context.hits(KeywordFamily.MUNICIPALITY);
        KeywordHits prefectures = context.hits(KeywordFamily.PREFECTURE);
        Gazetteer gazetteer = Gazetteer.instance();
        int consumedTo = 0;
        for (int h = 0; h < municipalities.size(); h++) {
            int muniStart = municipalities.start(h);
            int muniEnd = municipalities.end(h);
            if (muniStart < consumedTo) {
                continue;
            }
            int start = muniStart;
            boolean prefecture = false;
            int p = prefectures.lastEndingBefore(muniStart, 1);
            if (p >= 0 && (gazetteer.prefecturesOf(municipalities.payload(h)) & (1L << prefectures.payload(p))) != 0) {
                prefecture = true;
                start = prefectures.start(p);
            }
            int blockEnd = blockEnd(text, muniEnd);
            boolean block = blockEnd > 0;
            boolean labelled = context.labelRightBefore(KeywordFamily.ADDRESS, start, LABEL_GAP)
                    || context.tables().columnHas(KeywordFamily.ADDRESS, start);
            Confidence confidence;
            if (block && (prefecture || labelled)) {
                confidence = Confidence.HIGH;
            } else if (block || (prefecture && labelled)) {
                confidence = Confidence.MEDIUM;
            } else if (prefecture) {
                confidence = Confidence.LOW;
            } else {
                continue; // a municipality name alone is a place, not an address
            }
            int end = block ? blockEnd : muniEnd;
            consumedTo = end;
            String address = text.substring(start, end);
            findings.add(new Finding(FindingType.JP_ADDRESS, confidence, start, end,
                    Masks.keepPrefix(address, muniEnd - start), ValueKeys.of(address.replace(" ", ""))));
        }
        return findings;
    }

    /**
     * Where the block number after a municipality ends (町名 then 1丁目2番3号, 1-2-3, 一丁目2番地 …),
     * or -1 when there is none within the town-name limit.
     */
    static int blockEnd(NormalizedText text, int from) {
        int n = text.length();
        int limit = Math.min(n, from + TOWN_LIMIT);
        int i = from;
        while (i < limit) {
            char c = text.charAt(i);
            if (isAsciiDigit(c) || (KANJI_NUMERALS.indexOf(c) >= 0 && i + 2 < n && text.charAt(i + 1) == '丁'
                    && text.charAt(i + 2) == '目')) {
                break;
            }
            if (!isTownChar(c)) {
                return -1;
            }
            i++;
        }
        if (i >= limit) {
            return -1;
        }
        int end = i;
        boolean sawDigit = false;
        boolean sawMarker = false;
        while (end < n) {
            char c = text.charAt(end);
            if (isAsciiDigit(c)) {
                sawDigit = true;
            } else if (KANJI_NUMERALS.indexOf(c) >= 0) {
                // kanji numerals only as 一丁目 / 十二番地
            } else if (c == '丁' || c == '目' || c == '番' || c == '地' || c == '号' || c == '-' || c == 'の') {
                sawMarker = true;
            } else {
                break;
            }
            end++;
        }
        while (end > i && (text.charAt(end - 1) == '-' || text.charAt(end - 1) == 'の')) {
            end--;
        }
        return (sawDigit || sawMarker) && end > i ? end : -1;
    }

    private static boolean isTownChar(char c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA)
                || c == 'ー' || c == '々' || c == 'ヶ' || c == 'ケ';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
