package io.mamori.classifier.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 47 prefectures and their municipalities (市区町村), from Japan Post's postal-code data
 * (see tools/gazetteer). Each municipality is also known by the shorter forms addresses use:
 * {@code 上川郡上川町} as {@code 上川町}, and a designated city's ward {@code 札幌市北区} gives
 * {@code 札幌市}.
 */
public final class Gazetteer {

    public static final List<String> PREFECTURES = List.of("北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県",
            "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県",
            "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
            "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県",
            "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県");

    private static final Pattern DISTRICT_TOWN = Pattern.compile("(.+?郡)(.+[町村])");
    private static final Pattern CITY_WARD = Pattern.compile("(.+?市)(.+区)");
    private static final int HASH_BITS = 1 << 20;
    private static final Gazetteer INSTANCE = load();

    private final List<String> names;
    private final long[] prefectureMasks;
    /** Names by their {@code String.hashCode}: a name in the text is found without making a string of it. */
    private final com.carrotsearch.hppc.IntObjectHashMap<int[]> byHash = new com.carrotsearch.hppc.IntObjectHashMap<>();
    private final int longest;
    /** Bit {@code hashCode & (HASH_BITS - 1)} is set for every name: most strings that are no name are passed over unbuilt. */
    private final long[] nameHashes = new long[HASH_BITS / 64];

    private Gazetteer(List<String> names, long[] prefectureMasks) {
        this.names = names;
        this.prefectureMasks = prefectureMasks;
        int max = 0;
        for (int i = 0; i < names.size(); i++) {
            int[] same = byHash.get(names.get(i).hashCode());
            int[] more = same == null ? new int[1] : java.util.Arrays.copyOf(same, same.length + 1);
            more[more.length - 1] = i;
            byHash.put(names.get(i).hashCode(), more);
            int bit = names.get(i).hashCode() & (HASH_BITS - 1);
            nameHashes[bit >>> 6] |= 1L << bit;
            max = Math.max(max, names.get(i).length());
        }
        this.longest = max;
    }

    /** A municipality ends with one of these. */
    static boolean endsAMunicipality(char c) {
        return c == '市' || c == '区' || c == '町' || c == '村';
    }

    /**
     * The longest municipality name that ends just before {@code end} and starts at or after
     * {@code floor}: {start, index}, or null.
     */
    int[] endingAt(char[] text, int end, int floor) {
        if (end < 2 || !endsAMunicipality(text[end - 1])) {
            return null;
        }
        // String.hashCode of text[end - length, end), grown one character to the left at a time
        // (a character in front adds c·31^(length-1)); only a length whose hash a name has is
        // looked up, and the longest name found wins
        int[] found = null;
        int hash = text[end - 1];
        int power = 1;
        for (int length = 2, max = Math.min(longest, end - floor); length <= max; length++) {
            power *= 31;
            hash += text[end - length] * power;
            if (mayBeAName(hash)) {
                int index = find(text, end - length, length, hash);
                if (index >= 0) {
                    found = new int[] {end - length, index};
                }
            }
        }
        return found;
    }

    /** The longest municipality name starting at {@code start}, ending at or before {@code limit}: {end, index}, or null. */
    int[] startingAt(char[] text, int start, int limit) {
        if (limit - start < 2) {
            return null;
        }
        int[] found = null;
        int hash = text[start];
        for (int length = 2, max = Math.min(longest, limit - start); length <= max; length++) {
            char last = text[start + length - 1];
            hash = 31 * hash + last;
            if (endsAMunicipality(last) && mayBeAName(hash)) {
                int index = find(text, start, length, hash);
                if (index >= 0) {
                    found = new int[] {start + length, index};
                }
            }
        }
        return found;
    }

    /** The index of the name written at text[from, from + length), whose String hash is {@code hash}; or -1. */
    private int find(char[] text, int from, int length, int hash) {
        int[] candidates = byHash.get(hash);
        if (candidates == null) {
            return -1;
        }
        for (int index : candidates) {
            String name = names.get(index);
            if (name.length() == length && sameChars(name, text, from)) {
                return index;
            }
        }
        return -1;
    }

    private static boolean sameChars(String name, char[] text, int from) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) != text[from + i]) {
                return false;
            }
        }
        return true;
    }

    private boolean mayBeAName(int hash) {
        int bit = hash & (HASH_BITS - 1);
        return (nameHashes[bit >>> 6] & (1L << bit)) != 0;
    }

    public static Gazetteer instance() {
        return INSTANCE;
    }

    /** Every municipality name form, indexed; the index is the keyword payload. */
    public List<String> municipalityNames() {
        return names;
    }

    /** Bit {@code p} is set when prefecture {@code p} (index into {@link #PREFECTURES}) has this name. */
    public long prefecturesOf(int municipality) {
        return prefectureMasks[municipality];
    }

    public String municipality(int index) {
        return names.get(index);
    }

    private static Gazetteer load() {
        Map<String, Long> masks = new LinkedHashMap<>();
        try (InputStream in = Gazetteer.class.getResourceAsStream("jp-municipalities.tsv")) {
            if (in == null) {
                throw new IllegalStateException("jp-municipalities.tsv is missing from the classifier");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                int prefecture = PREFECTURES.indexOf(line.substring(0, tab));
                if (prefecture < 0) {
                    throw new IllegalStateException("unknown prefecture in gazetteer: " + line);
                }
                String name = line.substring(tab + 1);
                add(masks, name, prefecture);
                Matcher town = DISTRICT_TOWN.matcher(name);
                if (town.matches()) {
                    add(masks, town.group(2), prefecture);
                }
                Matcher ward = CITY_WARD.matcher(name);
                if (ward.matches()) {
                    add(masks, ward.group(1), prefecture);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gazetteer", e);
        }
        List<String> names = new ArrayList<>(masks.keySet());
        long[] prefectureMasks = new long[names.size()];
        for (int i = 0; i < names.size(); i++) {
            prefectureMasks[i] = masks.get(names.get(i));
        }
        return new Gazetteer(List.copyOf(names), prefectureMasks);
    }

    private static void add(Map<String, Long> masks, String name, int prefecture) {
        masks.merge(name, 1L << prefecture, (a, b) -> a | b);
    }
}
