package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * 氏名: Japanese person names, recognised by morphological analysis (Kuromoji, whose dictionary
 * tags surnames 人名-姓 and given names 人名-名) in the places names are written:
 * <ul>
 *   <li>cells of a column headed 氏名, 名前, フリガナ … — HIGH;</li>
 *   <li>after a label (氏名：, お名前 …) — HIGH for a full name, MEDIUM for one part;</li>
 *   <li>before an honorific: 様 and 殿 — HIGH for a full name, MEDIUM for a surname; さん, 氏, 君 —
 *       MEDIUM for a full name, LOW for a surname;</li>
 *   <li>after a role word (担当, 作成者, 承認 …) or an organisational unit (営業部, 経理課 …), or before a
 *       staff identifier (社員番号, 内線 …) — MEDIUM, full name or one part.</li>
 * </ul>
 * Morphological analysis runs only on these short windows, never on the whole text, so long
 * documents stay fast. Names without any of these cues are not reported (a known limit).
 */
public final class PersonNameDetector implements Detector {

    private static final int WINDOW = 14;
    /** What comes right before 様/さん/殿 in words that are not names: お客様, 皆様, 仕様, 同様, 担当者様 … */
    private static final String NEVER_BEFORE_AN_HONORIFIC = "客皆同仕模多異奥王神仏者母父方上各";
    /** Words that show a window is about an organisation or a crowd, not a person. */
    private static final String[] NOT_A_PERSON = {"会社", "(株)", "(有)", "(合)", "御中", "各位", "皆様", "皆さま",
            "皆さん", "客様", "お客", "担当者", "関係者", "事業部", "本部", "支店", "営業所", "病院", "医院", "学校",
            "大学", "協会", "組合", "法人", "銀行", "事務所", "センター", "株式", "有限", "部長", "課長", "本社", "支社",
            "本店", "工場", "店舗", "役所", "市役所", "区役所", "県庁", "御社", "貴社"};
    /** The last character of an organisational unit written before a member's name (営業部 佐藤花子). */
    private static final String ORGANISATIONAL_UNITS = "部課係";
    private static final int UNIT_NAME_MIN = 2;
    private static final List<KeywordFamily> CUE_FAMILIES = List.of(KeywordFamily.STAFF_IDENTIFIER,
            KeywordFamily.PERSON_ROLE);
    /** Words of trade names that Kuromoji may read as a name part after a surname (山田商事, 鈴木電機). */
    private static final String[] TRADE_NAME_WORDS = {"商事", "物産", "電機", "電気", "工業", "産業", "保険", "建設", "商店",
            "商会", "興業", "製作所", "不動産", "証券", "運輸", "食品", "化学", "製薬", "通信", "印刷", "ホールディングス",
            "グループ", "システム", "サービス"};
    private static final Words ORGANISATIONS = new Words(NOT_A_PERSON);
    private static final Words TRADE_NAMES = new Words(TRADE_NAME_WORDS);
    private static final ThreadLocal<JapaneseTokenizer> TOKENIZER = ThreadLocal.withInitial(
            () -> new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.NORMAL));

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        TableContext tables = context.tables();
        for (int[] cell : tables.dataCellsLabelled(KeywordFamily.NAME_LABEL)) {
            Window window = trimmed(text, cell[0], cell[1]);
            if (window != null && looksLikeNameCell(text, window)) {
                add(findings, text, window.start, window.end, Confidence.HIGH);
            }
        }
        java.util.Map<String, java.util.Optional<Name>> analysed = new java.util.HashMap<>();
        KeywordHits labels = context.hits(KeywordFamily.NAME_LABEL);
        for (int h = 0; h < labels.size(); h++) {
            if (tables.cellAt(labels.start(h)) >= 0) {
                continue; // a header cell: its column was handled above
            }
            Window window = afterLabel(text, labels.end(h));
            if (window == null) {
                continue;
            }
            Name name = analysed.computeIfAbsent("<" + text.substring(window.start, window.end),
                    w -> java.util.Optional.ofNullable(notACompany(w.substring(1), nameAtStart(w.substring(1)))))
                    .orElse(null);
            if (name != null) {
                add(findings, text, window.start + name.from, window.start + name.to,
                        name.full ? Confidence.HIGH : Confidence.MEDIUM);
            }
        }
        KeywordHits suffixes = context.hits(KeywordFamily.NAME_SUFFIX);
        for (int h = 0; h < suffixes.size(); h++) {
            Window window = afterLastRole(text, beforeSuffix(text, suffixes.start(h)));
            if (window == null || NEVER_BEFORE_AN_HONORIFIC.indexOf(text.charAt(window.end - 1)) >= 0) {
                continue;
            }
            Name name = analysed.computeIfAbsent(">" + text.substring(window.start, window.end),
                    w -> java.util.Optional.ofNullable(notACompany(w.substring(1), nameAtEnd(w.substring(1)))))
                    .orElse(null);
            if (name == null) {
                continue;
            }
            char suffix = text.charAt(suffixes.start(h));
            boolean formal = suffix == '様' || suffix == '殿';
            Confidence confidence = name.full ? (formal ? Confidence.HIGH : Confidence.MEDIUM)
                    : (formal ? Confidence.MEDIUM : Confidence.LOW);
            add(findings, text, window.start + name.from, window.start + name.to, confidence);
        }
        findCued(text, context, analysed, findings);
        return deduplicate(findings);
    }

    /**
     * Names in running text that a business document marks without a label or an honorific: a
     * role word before (担当 山田太郎, 作成者：鈴木 一郎, 承認 田中), an organisational unit before
     * (営業部 佐藤花子), or a staff identifier after (山田太郎（社員番号 …）, 佐藤花子 内線1234). Such a
     * cue says a person is likely, not certain, so the name is MEDIUM; a name found otherwise keeps
     * its own confidence when that is higher.
     */
    private static void findCued(NormalizedText text, DetectionContext context,
            java.util.Map<String, java.util.Optional<Name>> analysed, List<Finding> findings) {
        KeywordHits roles = context.hits(KeywordFamily.PERSON_ROLE);
        for (int h = 0; h < roles.size(); h++) {
            if (isCueSeparator(text, roles.end(h))) {
                addCuedAfter(text, roles.end(h), analysed, findings);
            }
        }
        int n = text.length();
        char[] chars = text.chars();
        for (int i = UNIT_NAME_MIN; i + 1 < n; i++) {
            char c = chars[i];
            if ((c == '部' || c == '課' || c == '係') && ORGANISATIONAL_UNITS.indexOf(c) >= 0 && isCueSeparator(text, i + 1)
                    && isUnitName(text, i)) {
                addCuedAfter(text, i + 1, analysed, findings);
            }
        }
        KeywordHits identifiers = context.hits(KeywordFamily.STAFF_IDENTIFIER);
        for (int h = 0; h < identifiers.size(); h++) {
            int end = identifiers.start(h);
            int skipped = 0;
            while (end > 0 && skipped < 2 && " (（".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
                skipped++;
            }
            if (skipped == 0) {
                continue; // 山田社員番号 is one word: the identifier must stand apart, after a space or a bracket
            }
            Window window = afterLastRole(text, beforeSuffix(text, end));
            if (window == null) {
                continue;
            }
            String value = text.substring(window.start, window.end);
            Name name = analysed.computeIfAbsent("]" + value,
                    w -> java.util.Optional.ofNullable(cuedNameAtEnd(w.substring(1)))).orElse(null);
            if (name != null) {
                add(findings, text, window.start + name.from, window.start + name.to, Confidence.MEDIUM);
            }
        }
    }

    private static void addCuedAfter(NormalizedText text, int cueEnd,
            java.util.Map<String, java.util.Optional<Name>> analysed, List<Finding> findings) {
        Window window = afterLabel(text, cueEnd);
        if (window == null) {
            return;
        }
        String value = beforeAnotherCue(text.substring(window.start, window.end));
        Name name = analysed.computeIfAbsent("[" + value,
                w -> java.util.Optional.ofNullable(notACompany(w.substring(1), nameAtStart(w.substring(1), true))))
                .orElse(null);
        if (name != null) {
            add(findings, text, window.start + name.from, window.start + name.to, Confidence.MEDIUM);
        }
    }

    /**
     * The part of a window before a name that follows its last role word: in 依頼者 古谷 君子, 者 is
     * the end of 依頼者, never a surname's.
     */
    private static Window afterLastRole(NormalizedText text, Window window) {
        if (window == null) {
            return null;
        }
        String value = text.substring(window.start, window.end);
        int start = 0;
        for (String role : KeywordFamily.PERSON_ROLE.keywords()) {
            int at = value.lastIndexOf(role);
            if (at >= 0) {
                start = Math.max(start, at + role.length());
            }
        }
        while (start < value.length() && value.charAt(start) == ' ') {
            start++;
        }
        return start == 0 ? window : value.length() - start >= 1 ? new Window(window.start + start, window.end) : null;
    }

    /** The window up to the next cue word: in 営業部 佐藤花子 内線1234, 内線 is not a given name. */
    private static String beforeAnotherCue(String window) {
        int end = window.length();
        for (KeywordFamily family : CUE_FAMILIES) {
            for (String keyword : family.keywords()) {
                int at = window.indexOf(keyword);
                if (at > 0 && at < end) {
                    end = at;
                }
            }
        }
        return window.substring(0, end);
    }

    /**
     * The name before a staff identifier. The words before it may hold more than the name (営業部
     * 佐藤花子 内線…): a name must start a word, or it is taken from the last word alone.
     */
    static Name cuedNameAtEnd(String window) {
        Name name = nameAtEnd(window);
        int lastWord = window.lastIndexOf(' ') + 1;
        // the words before the name change how the analyser reads it (本件は 荒川結菜: 荒川 becomes a
        // place, 結 another): a name not found in the whole window is looked for in its last word alone
        if (name == null && lastWord > 0 || name != null && name.from > 0 && window.charAt(name.from - 1) != ' ') {
            Name inLastWord = lastWord > 0 ? nameAtEnd(window.substring(lastWord)) : null;
            name = inLastWord == null ? null : new Name(lastWord + inLastWord.from, lastWord + inLastWord.to,
                    inLastWord.full);
        }
        return notACompany(window, name);
    }

    /** A trade name (山田商事, 鈴木電機 — a surname and a trade word) is a company, not a person. */
    private static Name notACompany(String window, Name name) {
        if (name == null) {
            return null;
        }
        int end = name.to;
        while (end < window.length() && end < name.to + 4 && window.charAt(end) != ' ') {
            end++; // the word the name is the start of: 鈴木電機 when the analyser stopped at 鈴木
        }
        return TRADE_NAMES.occursIn(window, name.from, end) ? null : name;
    }

    /** What follows a cue before the name: a space, a colon or a bracket, so 担当者 is not 担当 + 者. */
    private static boolean isCueSeparator(NormalizedText text, int at) {
        return at < text.length() && " :：\t(（".indexOf(text.charAt(at)) >= 0;
    }

    /**
     * 営業部, 経理課, 庶務係: at least two kanji or katakana before the unit, so that 全部, 一部 and
     * 関係 — ordinary words — are not units.
     */
    private static boolean isUnitName(NormalizedText text, int unit) {
        for (int k = unit - UNIT_NAME_MIN; k < unit; k++) {
            char c = text.charAt(k);
            if (!((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x30A1 && c <= 0x30FA) || c == 'ー' || c == '々')) {
                return false;
            }
        }
        return true;
    }

    private static void add(List<Finding> findings, NormalizedText text, int start, int end, Confidence confidence) {
        if (isBlank(text, start, end)) {
            return;
        }
        findings.add(Finding.lazy(FindingType.JP_PERSON_NAME, confidence, start, end,
                () -> Masks.name(text.substring(start, end).strip()),
                () -> ValueKeys.of(text.substring(start, end).strip().replace(" ", ""))));
    }

    private static boolean isBlank(NormalizedText text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The same name found twice (a cell that also follows a label) is kept once, at its best. */
    private static List<Finding> deduplicate(List<Finding> findings) {
        findings.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
                : b.confidence().compareTo(a.confidence()));
        List<Finding> kept = new ArrayList<>();
        for (Finding finding : findings) {
            Finding last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
            if (last != null && last.overlaps(finding)) {
                if (finding.confidence().compareTo(last.confidence()) > 0) {
                    kept.set(kept.size() - 1, finding);
                }
                continue;
            }
            kept.add(finding);
        }
        return kept;
    }

    private record Window(int start, int end) {
    }

    private record Name(int from, int to, boolean full) {
    }

    private static Window trimmed(NormalizedText text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end - start >= 2 && end - start <= 24 ? new Window(start, end) : null;
    }

    private static boolean looksLikeNameCell(NormalizedText text, Window window) {
        String value = text.substring(window.start, window.end);
        if (containsOrganisationWord(value) || notACompany(value, new Name(0, value.length(), true)) == null) {
            return false;
        }
        boolean japanese = true;
        boolean latin = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            japanese &= isNameChar(c) || c == ' ';
            latin &= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == '.' || c == '-';
        }
        return (japanese && value.length() <= 16) || (latin && value.indexOf(' ') > 0);
    }

    private static Window afterLabel(NormalizedText text, int labelEnd) {
        int n = text.length();
        int i = labelEnd;
        int skipped = 0;
        while (i < n && skipped < 4 && ":：)）】」] \t(（".indexOf(text.charAt(i)) >= 0) {
            i++;
            skipped++;
        }
        if (i < n && text.charAt(i) == '(') {
            return null;
        }
        int start = i;
        while (i < n && i - start < WINDOW && (isNameChar(text.charAt(i)) || text.charAt(i) == ' ')) {
            i++;
        }
        return i - start >= 2 ? new Window(start, i) : null;
    }

    private static Window beforeSuffix(NormalizedText text, int suffixStart) {
        int i = suffixStart;
        while (i > 0 && suffixStart - i < WINDOW && (isNameChar(text.charAt(i - 1)) || text.charAt(i - 1) == ' ')) {
            i--;
        }
        while (i < suffixStart && text.charAt(i) == ' ') {
            i++;
        }
        return suffixStart - i >= 1 ? new Window(i, suffixStart) : null;
    }

    /** A token of the analyser: where it is and what kind of name part it can be. */
    private record Token(int start, int end, int kind, String tag) {
        static final int SURNAME = 2;
        static final int GIVEN = 1;
        static final int NAME_LIKE = 0;
        static final int OTHER = -1;

        boolean isPerson() {
            return kind == SURNAME || kind == GIVEN;
        }
    }

    /** A space-separated word of the window and its tokens. */
    private record Word(int start, int end, List<Token> tokens) {
        int length() {
            return end - start;
        }

        boolean allNameLike() {
            return !tokens.isEmpty() && tokens.stream().allMatch(t -> t.kind() >= Token.NAME_LIKE);
        }

        boolean hasPerson() {
            return tokens.stream().anyMatch(Token::isPerson);
        }

        /** Can start a full name: tagged as a surname, or as a place (many surnames are places). */
        boolean canBeSurname() {
            return tokens.stream().anyMatch(t -> t.kind() == Token.SURNAME || t.kind() == Token.NAME_LIKE)
                    && allNameLike() && length() <= 4;
        }
    }

    /** Words that follow a name on a form line and are not part of it. */
    private static final java.util.Set<String> NOT_NAME_WORDS = java.util.Set.of("年齢", "性別", "男", "女", "男性", "女性",
            "住所", "電話", "生年月日", "職業", "所属", "部署", "役職", "印", "署名", "記入", "連絡先", "続柄", "備考", "様", "殿");

    /** The name after a label (氏名：山田 太郎): its first word, and the second when it is a given name. */
    static Name nameAtStart(String window) {
        return nameAtStart(window, false);
    }

    /**
     * With {@code strict}, a second word joins the first only when all its tokens can be part of a
     * name, so running text after a cued name (山田太郎 が提出した) is not read as its given name. A
     * second word in hiragana alone joins only as a given name (ゆかり, not まで), with or without it.
     */
    static Name nameAtStart(String window, boolean strict) {
        List<Word> words = words(window);
        if (words.isEmpty() || NOT_NAME_WORDS.contains(word(window, words.get(0)))) {
            return null;
        }
        Word first = words.get(0);
        if (words.size() >= 2) {
            Word second = words.get(1);
            String secondText = word(window, second);
            boolean shortPair = first.length() <= 3 && second.length() <= 3;
            if (second.length() <= 5 && !NOT_NAME_WORDS.contains(secondText) && first.canBeSurname()
                    && isNameWord(window, second)
                    && (kanaOnly(window, second) ? second.hasPerson() || isKanaGivenName(window, second.start(), second.end(), second.tokens())
                            : !strict || second.allNameLike()) && (first.hasPerson() || second.hasPerson() || shortPair)) {
                return checked(window, first.start(), second.end(), true);
            }
        }
        Name kana = surnameAndKanaGivenName(window, first);
        if (kana != null) {
            return kana;
        }
        List<Token> run = new ArrayList<>();
        for (Token token : first.tokens()) {
            if (token.kind() < Token.NAME_LIKE || run.size() == 4) {
                break;
            }
            run.add(token);
        }
        return fromRun(window, run);
    }

    /** The name before an honorific (山田 太郎 様, …お世話になっております山田様). */
    static Name nameAtEnd(String window) {
        List<Word> words = words(window);
        if (words.isEmpty()) {
            return null;
        }
        Word last = words.get(words.size() - 1);
        if (words.size() >= 2 && last.length() <= 4 && isNameWord(window, last)) {
            // the surname is the tail of the previous word: 件は志村 大貴さん → 志村 大貴
            List<Token> surname = tail(words.get(words.size() - 2), 2);
            int surnameLength = surname.isEmpty() ? 0 : surname.get(surname.size() - 1).end() - surname.get(0).start();
            boolean tagged = surname.stream().anyMatch(t -> t.kind() == Token.SURNAME);
            boolean shortPair = surnameLength >= 1 && surnameLength <= 3 && last.length() <= 3;
            if (!surname.isEmpty() && surnameLength <= 4 && (tagged || last.hasPerson() || shortPair)) {
                return checked(window, surname.get(0).start(), last.end(), true);
            }
        }
        Name kana = surnameAndKanaGivenName(window, last);
        return kana != null ? kana : fromRun(window, tail(last, 4));
    }

    /**
     * A given name written in hiragana (ひなた, ゆかり): the analyser knows few of them as names and
     * reads them as ordinary nouns (ゆかり, 名詞-一般) or splits them (ひな + た). A word, or the end of
     * one, of two to four hiragana whose first token is a noun is taken as a given name; particles,
     * auxiliaries and dependent or suffix nouns (まで, です, こと, ほか, たち) are not.
     */
    private static boolean isKanaGivenName(String window, int from, int to, List<Token> tokens) {
        if (to - from < 2 || to - from > 4) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isHiragana(window.charAt(i))) {
                return false;
            }
        }
        for (Token token : tokens) {
            if (token.start() == from) {
                String tag = token.tag() == null ? "" : token.tag();
                return tag.startsWith("名詞-一般") || tag.startsWith("名詞-固有名詞");
            }
        }
        return false;
    }

    /**
     * A word that is a surname followed, without a space, by a hiragana given name (吉井ひなた),
     * where the analyser stops inside the given name (吉井ひな + た). The surname must be tagged
     * one, or be a short place name (many surnames are places).
     */
    private static Name surnameAndKanaGivenName(String window, Word word) {
        int split = word.end();
        while (split > word.start() && isHiragana(window.charAt(split - 1))) {
            split--;
        }
        if (split == word.start() || split - word.start() > 4 || !isKanaGivenName(window, split, word.end(), word.tokens())) {
            return null;
        }
        boolean tagged = false;
        for (Token token : word.tokens()) {
            if (token.end() <= split) {
                if (token.kind() < Token.NAME_LIKE) {
                    return null;
                }
                tagged |= token.kind() == Token.SURNAME;
            } else if (token.start() < split) {
                return null; // a token across the kanji and the kana: not a surname and a given name
            }
        }
        return tagged || split - word.start() <= 3 ? checked(window, word.start(), word.end(), true) : null;
    }

    /** A word written in hiragana alone: a given name (ゆかり) or a particle (まで), never a surname and a given name. */
    private static boolean kanaOnly(String window, Word word) {
        for (int i = word.start(); i < word.end(); i++) {
            if (!isHiragana(window.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHiragana(char c) {
        return c >= 0x3041 && c <= 0x3096;
    }

    /** The name-like tokens at the end of a word, at most {@code limit}. */
    private static List<Token> tail(Word word, int limit) {
        List<Token> run = new ArrayList<>();
        for (int k = word.tokens().size() - 1; k >= 0 && run.size() < limit; k--) {
            Token token = word.tokens().get(k);
            if (token.kind() < Token.NAME_LIKE) {
                break;
            }
            run.add(0, token);
        }
        return run;
    }

    private static Name fromRun(String window, List<Token> run) {
        boolean person = run.stream().anyMatch(Token::isPerson);
        if (!person) {
            return null;
        }
        boolean surname = run.stream().anyMatch(t -> t.kind() == Token.SURNAME);
        boolean given = run.stream().anyMatch(t -> t.kind() == Token.GIVEN);
        boolean full = (surname && given) || run.size() >= 2;
        return checked(window, run.get(0).start(), run.get(run.size() - 1).end(), full);
    }

    /** Refuses names that are too long to be one, or that belong to an organisation. */
    private static Name checked(String window, int from, int to, boolean full) {
        String name = window.substring(from, to).replace(" ", "");
        if (name.length() < 2 && !full || name.length() > 8) {
            return null;
        }
        // 株式会社山田様 is a company: look just before the name, and at the name itself
        if (containsOrganisationWord(window.substring(Math.max(0, from - 4), to))) {
            return null;
        }
        return new Name(from, to, full);
    }

    private static boolean isNameWord(String window, Word word) {
        for (int i = word.start(); i < word.end(); i++) {
            if (!isNameChar(window.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String word(String window, Word word) {
        return window.substring(word.start(), word.end());
    }

    /** The window's space-separated words, each with its tokens. */
    private static List<Word> words(String window) {
        List<Token> tokens = tokens(window);
        List<Word> words = new ArrayList<>();
        int i = 0;
        while (i < window.length()) {
            while (i < window.length() && window.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < window.length() && window.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                List<Token> inside = new ArrayList<>();
                for (Token token : tokens) {
                    if (token.start() >= start && token.end() <= i) {
                        inside.add(token);
                    }
                }
                words.add(new Word(start, i, inside));
            }
        }
        return words;
    }

    private static List<Token> tokens(String window) {
        List<Token> tokens = new ArrayList<>();
        JapaneseTokenizer tokenizer = TOKENIZER.get();
        try {
            tokenizer.setReader(new StringReader(window));
            tokenizer.reset();
            PartOfSpeechAttribute pos = tokenizer.getAttribute(PartOfSpeechAttribute.class);
            OffsetAttribute offset = tokenizer.getAttribute(OffsetAttribute.class);
            while (tokenizer.incrementToken()) {
                int length = offset.endOffset() - offset.startOffset();
                String tag = pos.getPartOfSpeech();
                tokens.add(new Token(offset.startOffset(), offset.endOffset(), kind(tag, length), tag));
            }
            tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("morphological analysis failed", e);
        } finally {
            try {
                tokenizer.close();
            } catch (IOException ignored) {
                // closing a tokenizer over a StringReader cannot fail in a way that matters here
            }
        }
        return tokens;
    }

    /**
     * What a part of speech says about a token: a surname, a given name, something a name part
     * can be tagged as (other 人名, places — many surnames are place names —, unknown words, short
     * nouns, single-character prefixes), or something else.
     */
    private static int kind(String tag, int length) {
        if (tag == null) {
            return Token.OTHER;
        }
        if (tag.endsWith("人名-姓")) {
            return Token.SURNAME;
        }
        if (tag.endsWith("人名-名")) {
            return Token.GIVEN;
        }
        if (tag.contains("人名") || tag.startsWith("名詞-固有名詞-地域") || tag.startsWith("名詞-固有名詞-一般")
                || tag.startsWith("未知語") || tag.startsWith("名詞-固有名詞-組織")
                || (tag.startsWith("名詞-一般") && length <= 2) || (tag.startsWith("接頭詞") && length == 1)
                || (tag.startsWith("名詞-接尾") && length == 1)) {
            return Token.NAME_LIKE;
        }
        return Token.OTHER;
    }

    private static boolean containsOrganisationWord(String window) {
        return ORGANISATIONS.occursIn(window, 0, window.length());
    }

    /**
     * A few dozen words, looked for in short strings (a cell, the word after a name) by their first
     * character: a name cell has no character that starts any of them, and each is then one table
     * read instead of a search per word.
     */
    private static final class Words {
        private final Map<Character, String[]> byFirst = new HashMap<>();
        private final BitSet firsts = new BitSet(1 << 16);

        Words(String... words) {
            for (String word : words) {
                byFirst.merge(word.charAt(0), new String[] {word}, (a, b) -> {
                    String[] both = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, both, a.length, b.length);
                    return both;
                });
                firsts.set(word.charAt(0));
            }
        }

        /** Whether one of the words lies wholly within text[from, to). */
        boolean occursIn(String text, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (!firsts.get(c)) {
                    continue;
                }
                for (String word : byFirst.get(c)) {
                    if (i + word.length() <= to && text.startsWith(word, i)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA)
                || c == 'ー' || c == '々' || c == 'ヶ';
    }
}
