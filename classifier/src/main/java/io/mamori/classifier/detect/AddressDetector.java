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
 *
 * <p>Municipalities are looked up only where an address can be: leftwards from each block number
 * across the town name, and right after each prefecture. The town name may hold Sapporo's 北3条西
 * and Kyoto's 河原町通三条上ル. After an address label or in an address column, a prefecture
 * followed by a municipality the gazetteer does not know (merged away, misspelt, made up), a town
 * name and a block number is MEDIUM; elsewhere an unknown municipality is not an address.
 */
public final class AddressDetector implements Detector {

    private static final int TOWN_LIMIT = 24;
    private static final int LABEL_GAP = 12;
    private static final String KANJI_NUMERALS = "一二三四五六七八九十〇";

    /** {@code municipalityEnd} is where the sample stops showing characters; {@code known}: the municipality is in the gazetteer. */
    private record Address(int start, int municipalityEnd, int end, boolean prefecture, boolean block, boolean known) {
    }

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Address> addresses = new ArrayList<>();
        IntList digits = context.lexical().blockStarts();
        for (int k = 0; k < digits.size(); k++) {
            Address address = addressBefore(text, context, digits.get(k));
            if (address != null) {
                addresses.add(address);
            }
        }
        for (int blockStart : kanjiBlockStarts(text, context)) {
            Address address = addressBefore(text, context, blockStart);
            if (address != null) {
                addresses.add(address);
            }
        }
        KeywordHits prefectures = context.hits(KeywordFamily.PREFECTURE);
        for (int p = 0; p < prefectures.size(); p++) {
            int[] municipality = Gazetteer.instance().startingAt(text.chars(), prefectures.end(p),
                    Math.min(text.length(), prefectures.end(p) + 12));
            if (municipality != null && ownedBy(municipality[1], prefectures.payload(p))) {
                int blockEnd = blockEnd(text, municipality[0]);
                addresses.add(new Address(prefectures.start(p), municipality[0], blockEnd > 0 ? blockEnd : municipality[0],
                        true, blockEnd > 0, true));
            } else if (labelled(context, prefectures.start(p))) {
                Address unknown = unknownMunicipality(text, prefectures.start(p), prefectures.end(p));
                if (unknown != null) {
                    addresses.add(unknown);
                }
            }
        }
        addresses.sort((a, b) -> a.start != b.start ? Integer.compare(a.start, b.start) : Integer.compare(b.end, a.end));
        List<Finding> findings = new ArrayList<>();
        int consumedTo = 0;
        for (Address address : addresses) {
            if (address.start < consumedTo) {
                continue;
            }
            boolean labelled = labelled(context, address.start);
            Confidence confidence;
            if (!address.known) {
                confidence = Confidence.MEDIUM; // label + prefecture + block number, but a municipality we cannot confirm
            } else if (address.block && (address.prefecture || labelled)) {
                confidence = Confidence.HIGH;
            } else if (address.block || (address.prefecture && labelled)) {
                confidence = Confidence.MEDIUM;
            } else {
                confidence = Confidence.LOW;
            }
            consumedTo = address.end;
            Address found = address;
            findings.add(Finding.lazy(FindingType.JP_ADDRESS, confidence, found.start, found.end,
                    () -> Masks.keepPrefix(text.substring(found.start, found.end), found.municipalityEnd - found.start),
                    () -> ValueKeys.of(text.substring(found.start, found.end).replace(" ", ""))));
        }
        return findings;
    }

    /** Where block numbers written in kanji start: the numerals before 丁目 (一丁目). */
    private static List<Integer> kanjiBlockStarts(NormalizedText text, DetectionContext context) {
        List<Integer> starts = new ArrayList<>();
        KeywordHits chome = context.hits(KeywordFamily.BLOCK_MARK);
        for (int h = 0; h < chome.size(); h++) {
            int i = chome.start(h);
            while (i > 0 && KANJI_NUMERALS.indexOf(text.charAt(i - 1)) >= 0) {
                i--;
            }
            if (i < chome.start(h)) {
                starts.add(i);
            }
        }
        return starts;
    }

    /** The municipality (and prefecture) a block number belongs to, found leftwards across the town name. */
    private static Address addressBefore(NormalizedText text, DetectionContext context, int blockStart) {
        int blockEnd = blockEnd(text, blockStart);
        if (blockEnd < 0) {
            return null;
        }
        char[] chars = text.chars();
        int floor = Math.max(0, blockStart - TOWN_LIMIT);
        for (int end = blockStart; end > floor; end--) {
            if (isAsciiDigit(chars[end - 1]) && joEnd(text, digitRunStart(chars, end - 1)) > 0) {
                continue; // 北3条: Sapporo's 条 is part of the town name
            }
            if (!LexicalScan.isTownChar(chars[end - 1])) {
                return null; // the town name is interrupted: no municipality in reach
            }
            int[] municipality = Gazetteer.instance().endingAt(chars, end, Math.max(0, end - 12));
            if (municipality == null) {
                continue;
            }
            // 珠洲市錦町: 錦町 is also a municipality (熊本県), but here a municipality ends right
            // where it starts, so it is the town name and 珠洲市 the municipality
            int[] outer = Gazetteer.instance().endingAt(chars, municipality[0], Math.max(0, municipality[0] - 12));
            while (outer != null) {
                end = municipality[0];
                municipality = outer;
                outer = Gazetteer.instance().endingAt(chars, municipality[0], Math.max(0, municipality[0] - 12));
            }
            int start = municipality[0];
            boolean prefecture = false;
            KeywordHits prefectures = context.hits(KeywordFamily.PREFECTURE);
            int p = prefectures.lastEndingBefore(start, 1);
            if (p >= 0 && ownedBy(municipality[1], prefectures.payload(p))) {
                prefecture = true;
                start = prefectures.start(p);
            }
            return new Address(start, end, blockEnd, prefecture, true, true);
        }
        return null;
    }

    /** An address label right before the position, or an address column around it. */
    private static boolean labelled(DetectionContext context, int position) {
        return context.labelRightBefore(KeywordFamily.ADDRESS, position, LABEL_GAP)
                || context.tables().columnHas(KeywordFamily.ADDRESS, position);
    }

    /**
     * After a labelled prefecture whose municipality the gazetteer does not know (made up, misspelt,
     * merged away: 浦和市): a municipality-shaped name (ending in 市/区/町/村/郡), the town name and a
     * block number, all without a break. The sample keeps the prefecture only.
     */
    private static Address unknownMunicipality(NormalizedText text, int prefectureStart, int prefectureEnd) {
        int tail = tailStart(text, prefectureEnd);
        if (tail < 0) {
            return null;
        }
        boolean municipalityShaped = false;
        for (int i = prefectureEnd + 1; i < tail && !municipalityShaped; i++) {
            char c = text.charAt(i);
            municipalityShaped = Gazetteer.endsAMunicipality(c) || c == '郡';
        }
        int end = blockEnd(text, prefectureEnd);
        if (!municipalityShaped || end < 0) {
            return null;
        }
        return new Address(prefectureStart, prefectureEnd, end, true, true, false);
    }

    private static int digitRunStart(char[] chars, int i) {
        while (i > 0 && isAsciiDigit(chars[i - 1])) {
            i--;
        }
        return i;
    }

    /**
     * Where 3条 (Sapporo's 北3条西4丁目, 前田1条12丁目; 旭川市4条通) ends when a run of ASCII digits
     * at {@code from} is followed by 条 and then a direction, 通 or the block number, or -1. 第3条第2号
     * is an article of a rule, not a town.
     */
    private static int joEnd(NormalizedText text, int from) {
        int n = text.length();
        int i = from;
        while (i < n && isAsciiDigit(text.charAt(i))) {
            i++;
        }
        if (i == from || i + 1 >= n || text.charAt(i) != '条' || (from > 0 && text.charAt(from - 1) == '第')) {
            return -1;
        }
        char next = text.charAt(i + 1);
        return "東西南北通".indexOf(next) >= 0 || isAsciiDigit(next) || KANJI_NUMERALS.indexOf(next) >= 0 ? i + 1 : -1;
    }

    private static boolean ownedBy(int municipality, int prefecture) {
        return (Gazetteer.instance().prefecturesOf(municipality) & (1L << prefecture)) != 0;
    }

    /**
     * Where the block number after a municipality ends (町名 then 1丁目2番3号, 1-2-3, 一丁目2番地 …),
     * or -1 when there is none within the town-name limit.
     */
    static int blockEnd(NormalizedText text, int from) {
        int n = text.length();
        int i = tailStart(text, from);
        if (i < 0) {
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
        if (end <= i || !(sawDigit || sawMarker)) {
            return -1;
        }
        // a bare number is a block number only where the address ends: 12% and 3月 are not
        if (!sawMarker && end < n && (LexicalScan.isTownChar(text.charAt(end)) || "%.,/:".indexOf(text.charAt(end)) >= 0)) {
            return -1;
        }
        return end;
    }

    /**
     * Where the block number starts after the town name that begins at {@code from}, or -1 when the
     * town name is interrupted or longer than the limit. Sapporo's 北3条西 is town name, not block
     * number; Kyoto's 河原町通三条上ル is town name already (kanji and kana).
     */
    private static int tailStart(NormalizedText text, int from) {
        int n = text.length();
        int limit = Math.min(n, from + TOWN_LIMIT);
        int i = from;
        while (i < limit) {
            char c = text.charAt(i);
            if (isAsciiDigit(c)) {
                int jo = joEnd(text, i);
                if (jo < 0) {
                    return i;
                }
                i = jo;
                continue;
            }
            if (KANJI_NUMERALS.indexOf(c) >= 0 && i + 2 < n && text.charAt(i + 1) == '丁' && text.charAt(i + 2) == '目') {
                return i;
            }
            if (!LexicalScan.isTownChar(c)) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
