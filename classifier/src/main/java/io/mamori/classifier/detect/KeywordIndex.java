package io.mamori.classifier.detect;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.mamori.classifier.text.NormalizedText;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every keyword of every family in one Aho–Corasick automaton (a double-array trie), so a text is
 * searched for all of them in a single pass over its case-folded characters. All-ASCII keywords
 * only count as whole words ("tel" is not found in "hotel"). The ~3,800 municipality names are
 * deliberately not in it: almost every kanji starts one, which would keep the automaton busy on
 * every character; {@link Gazetteer} looks them up only where an address can be.
 */
public final class KeywordIndex {

    private static final KeywordIndex BUILT_IN = new KeywordIndex();

    /** What a keyword means: the families it belongs to and their payloads. */
    record Entry(long families, boolean asciiWord, int sensitive, int prefecture) {
        Entry merge(Entry other) {
            return new Entry(families | other.families, asciiWord,
                    other.sensitive >= 0 ? other.sensitive : sensitive,
                    other.prefecture >= 0 ? other.prefecture : prefecture);
        }
    }

    private final AhoCorasickDoubleArrayTrie<Entry> trie = new AhoCorasickDoubleArrayTrie<>();

    private KeywordIndex() {
        Map<String, Entry> entries = new HashMap<>();
        for (KeywordFamily family : KeywordFamily.values()) {
            for (String keyword : family.keywords()) {
                put(entries, keyword, new Entry(family.bit(), false, -1, -1));
            }
        }
        for (SensitiveCategory category : SensitiveCategory.values()) {
            for (String word : category.strongWords()) {
                put(entries, word, new Entry(KeywordFamily.SENSITIVE.bit(), false, category.ordinal() * 2 + 1, -1));
            }
            for (String word : category.weakWords()) {
                put(entries, word, new Entry(KeywordFamily.SENSITIVE.bit(), false, category.ordinal() * 2, -1));
            }
        }
        List<String> prefectures = Gazetteer.PREFECTURES;
        for (int p = 0; p < prefectures.size(); p++) {
            put(entries, prefectures.get(p), new Entry(KeywordFamily.PREFECTURE.bit(), false, -1, p));
        }
        trie.build(entries);
    }

    public static KeywordIndex builtIn() {
        return BUILT_IN;
    }

    private static void put(Map<String, Entry> entries, String keyword, Entry entry) {
        String key = keyword.toLowerCase(Locale.ROOT);
        boolean ascii = key.chars().allMatch(c -> c < 0x80);
        Entry withShape = new Entry(entry.families(), ascii, entry.sensitive(), entry.prefecture());
        entries.merge(key, withShape, Entry::merge);
    }

    /** Finds every keyword in the text; the result holds one sorted hit list per family. */
    public Map<KeywordFamily, KeywordHits> scan(NormalizedText text) {
        Map<KeywordFamily, KeywordHits> hits = new EnumMap<>(KeywordFamily.class);
        for (KeywordFamily family : KeywordFamily.values()) {
            hits.put(family, new KeywordHits());
        }
        KeywordFamily[] families = KeywordFamily.values();
        // The folded array may be longer than the text; its unused tail is zeros, which match no keyword.
        char[] input = text.folded();
        trie.parseText(input, (AhoCorasickDoubleArrayTrie.IHit<Entry>) (begin, end, entry) -> {
            if (entry.asciiWord() && !isWordBoundary(input, begin, end)) {
                return;
            }
            long bits = entry.families();
            while (bits != 0) {
                int ordinal = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                KeywordFamily family = families[ordinal];
                int payload = switch (family) {
                    case SENSITIVE -> entry.sensitive();
                    case PREFECTURE -> entry.prefecture();
                    default -> 0;
                };
                hits.get(family).add(begin, end, payload);
            }
        });
        hits.values().forEach(KeywordHits::sort);
        return hits;
    }

    private static boolean isWordBoundary(char[] text, int begin, int end) {
        return (begin == 0 || !isAsciiLetter(text[begin - 1])) && (end >= text.length || !isAsciiLetter(text[end]));
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
