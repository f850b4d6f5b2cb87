package io.mamori.classifier.corpus;

import io.mamori.protocol.finding.FindingType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.datafaker.Faker;

/**
 * Generates the labelled test corpus: synthetic people (Datafaker's ja locale) in the documents
 * personal data lives in — rosters, application forms, health-check lists, letters, card lists —
 * and documents that only look like it — orders with 注文番号 and 品番, policies that name the
 * sensitive categories, memos, invalid check digits, dates that are not birthdays — and work
 * reports with the running-text cues of names and labelled addresses in unknown municipalities,
 * beside the lookalikes those cues must not take. Every file
 * comes with the findings it must yield at MEDIUM or above; anything else found there at MEDIUM
 * or above is a false positive.
 */
public final class CorpusGenerator {

    /** A finding the classifier must report, by type and canonical value. */
    public record Expected(FindingType type, String canonical) {
    }

    /** The files written and what each must yield. */
    public record Corpus(Path directory, Map<String, Set<Expected>> labels) {
    }

    enum Format { TXT, CSV_UTF8, CSV_SJIS, TSV, DOCX, XLSX, PDF }

    private static final List<String> TOWNS = List.of("本町", "栄町", "中央", "幸町", "新町", "旭町", "緑町", "東町",
            "大手町", "南町", "丸の内", "中町", "末広町", "錦町", "元町", "西町", "泉町", "昭和町", "桜町", "若葉");
    private static final List<String> BANKS = List.of("みどり", "さくら台", "あおば", "ひかり", "やまと中央", "東都",
            "北星", "南海信用");
    private static final List<String> BRANCHES = List.of("本店営業部", "駅前", "中央", "北口", "東", "西", "緑ヶ丘");
    private static final List<String> DOMAINS = List.of("example.com", "example.co.jp", "example.ne.jp",
            "mail.example.jp");
    private static final List<String> UNITS = List.of("営業部", "総務課", "経理部", "人事課", "開発部", "品質保証課");
    /** Cities merged away before the gazetteer's data; checked absent from jp-municipalities.tsv. */
    private static final List<String[]> PRE_MERGER = List.of(new String[] {"埼玉県", "浦和市"},
            new String[] {"埼玉県", "与野市"}, new String[] {"東京都", "田無市"}, new String[] {"東京都", "保谷市"},
            new String[] {"福井県", "武生市"}, new String[] {"富山県", "新湊市"});
    private static final List<String> MADE_UP_MUNICIPALITIES = List.of("架空市", "試験町", "例示村", "仮置市", "模擬村",
            "想定市");
    private static final String[][] ERAS = {{"令和", "2019-05-01"}, {"平成", "1989-01-08"}, {"昭和", "1926-12-25"},
            {"大正", "1912-07-30"}};

    private final Random random;
    private final Faker faker;
    private final Faker latin;
    private final SyntheticIdentifiers ids;
    private final List<String[]> municipalities;
    private final LocalDate today;

    public CorpusGenerator(long seed, LocalDate today) {
        this.random = new Random(seed);
        this.faker = new Faker(Locale.JAPANESE, new Random(seed + 1));
        this.latin = new Faker(Locale.ENGLISH, new Random(seed + 2));
        this.ids = new SyntheticIdentifiers(random);
        this.municipalities = loadMunicipalities();
        for (String[] known : municipalities) { // the unknown municipalities must stay unknown to the gazetteer
            for (String unknown : MADE_UP_MUNICIPALITIES) {
                if (known[1].endsWith(unknown)) {
                    throw new IllegalStateException(unknown + " is in the gazetteer: " + known[0] + known[1]);
                }
            }
            for (String[] unknown : PRE_MERGER) {
                if (known[1].endsWith(unknown[1])) {
                    throw new IllegalStateException(unknown[1] + " is in the gazetteer: " + known[0] + known[1]);
                }
            }
        }
        this.today = today;
    }

    /** A synthetic person; every identifier is generated, none is real. */
    record Person(String surname, String given, LocalDate birth, String email, String mobile, Address address,
            String myNumber, String license, String passport, String residenceCard, String pension,
            String residentCode, String card, String bank, String branch, String account, String postal) {

        String name(boolean spaced) {
            return spaced ? surname + " " + given : surname + given;
        }
    }

    record Address(String prefecture, String municipality, String rest) {
        String text(boolean withPrefecture) {
            return (withPrefecture ? prefecture : "") + municipality + rest;
        }
    }

    Person person() {
        String surname = faker.name().lastName();
        String given = faker.name().firstName();
        String local = latin.name().firstName().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + "."
                + latin.name().lastName().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + ids.nextInt(100);
        String[] municipality = municipalities.get(random.nextInt(municipalities.size()));
        int a = 1 + random.nextInt(9);
        int b = 1 + random.nextInt(30);
        int c = 1 + random.nextInt(20);
        String block = random.nextBoolean() ? a + "丁目" + b + "番" + c + "号" : a + "-" + b + "-" + c;
        Address address = new Address(municipality[0], municipality[1], ids.pick(TOWNS) + block);
        return new Person(surname, given, ids.birthDate(), local + "@" + ids.pick(DOMAINS),
                random.nextBoolean() ? ids.mobilePhone() : ids.fixedPhone(), address, ids.myNumber(),
                ids.driversLicense(), ids.passport(), ids.residenceCard(), ids.pensionNumber(), ids.residentCode(),
                ids.card(random.nextBoolean()), ids.pick(BANKS), ids.pick(BRANCHES), ids.bankAccount(),
                ids.postalCode());
    }

    /** Writes the whole corpus into {@code directory} and returns what each file must yield. */
    public Corpus write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path font = CorpusFormats.japaneseFont();
        Map<String, Set<Expected>> labels = new LinkedHashMap<>();
        List<Format> rosterFormats = List.of(Format.CSV_UTF8, Format.CSV_UTF8, Format.CSV_UTF8, Format.CSV_SJIS,
                Format.CSV_SJIS, Format.XLSX, Format.XLSX, Format.DOCX, Format.TSV, Format.PDF);
        int file = 0;
        for (Format format : rosterFormats) {
            int rows = format == Format.PDF ? 10 : format == Format.DOCX ? 20 : 40;
            Labelled labelled = roster(rows);
            write(directory, "roster-" + (++file), format, labelled, labels, font);
        }
        for (Format format : List.of(Format.TXT, Format.TXT, Format.TXT, Format.TXT, Format.TXT, Format.TXT, Format.DOCX,
                Format.DOCX, Format.DOCX, Format.DOCX, Format.PDF, Format.PDF, Format.PDF, Format.PDF)) {
            write(directory, "form-" + (++file), format, applicationForm(), labels, font);
        }
        for (Format format : List.of(Format.XLSX, Format.XLSX, Format.XLSX, Format.CSV_UTF8, Format.CSV_UTF8,
                Format.CSV_SJIS, Format.DOCX, Format.DOCX)) {
            write(directory, "health-" + (++file), format, healthCheck(20), labels, font);
        }
        for (Format format : List.of(Format.TXT, Format.TXT, Format.TXT, Format.TXT, Format.DOCX, Format.DOCX,
                Format.DOCX, Format.PDF, Format.PDF, Format.PDF)) {
            write(directory, "letter-" + (++file), format, letter(), labels, font);
        }
        for (Format format : List.of(Format.TXT, Format.TXT, Format.TXT, Format.XLSX, Format.XLSX, Format.PDF,
                Format.PDF)) {
            write(directory, "order-" + (++file), format, order(), labels, font);
        }
        for (Format format : List.of(Format.TXT, Format.TXT, Format.DOCX, Format.DOCX)) {
            write(directory, "policy-" + (++file), format, policy(), labels, font);
        }
        for (Format format : List.of(Format.DOCX, Format.DOCX, Format.DOCX, Format.PDF, Format.PDF, Format.TXT,
                Format.TXT, Format.TXT)) {
            write(directory, "memo-" + (++file), format, memo(), labels, font);
        }
        for (Format format : List.of(Format.CSV_UTF8, Format.CSV_SJIS, Format.XLSX)) {
            write(directory, "cards-" + (++file), format, cardList(25), labels, font);
        }
        for (Format format : List.of(Format.XLSX, Format.CSV_UTF8, Format.DOCX)) {
            write(directory, "ids-" + (++file), format, idList(format == Format.DOCX ? 10 : 20), labels, font);
        }
        for (Format format : List.of(Format.TXT, Format.TXT, Format.DOCX, Format.DOCX, Format.PDF)) {
            write(directory, "minutes-" + (++file), format, minutes(), labels, font);
        }
        for (Format format : List.of(Format.TXT, Format.XLSX, Format.DOCX, Format.PDF)) {
            write(directory, "report-" + (++file), format, statisticsReport(), labels, font);
        }
        // last, so the documents above keep the random draws (and contents) they had before (issue 22)
        for (Format format : List.of(Format.TXT, Format.TXT, Format.DOCX, Format.DOCX)) {
            write(directory, "cues-" + (++file), format, runningTextCues(), labels, font);
        }
        return new Corpus(directory, labels);
    }

    record Labelled(Doc doc, Set<Expected> expected) {
    }

    private void write(Path directory, String stem, Format format, Labelled labelled, Map<String, Set<Expected>> labels,
            Path font) throws IOException {
        String name = switch (format) {
            case TXT -> stem + ".txt";
            case CSV_UTF8 -> stem + "-utf8.csv";
            case CSV_SJIS -> stem + "-sjis.csv";
            case TSV -> stem + ".tsv.txt";
            case DOCX -> stem + ".docx";
            case XLSX -> stem + ".xlsx";
            case PDF -> stem + ".pdf";
        };
        Path path = directory.resolve(name);
        switch (format) {
            case TXT, TSV -> CorpusFormats.txt(labelled.doc(), path, StandardCharsets.UTF_8);
            case CSV_UTF8 -> CorpusFormats.csv(labelled.doc(), path, StandardCharsets.UTF_8);
            case CSV_SJIS -> CorpusFormats.csv(labelled.doc(), path, java.nio.charset.Charset.forName("windows-31j"));
            case DOCX -> CorpusFormats.docx(labelled.doc(), path);
            case XLSX -> CorpusFormats.xlsx(labelled.doc(), path);
            case PDF -> {
                if (font == null) {
                    throw new IllegalStateException("no Japanese TrueType font for the PDF part of the corpus; install"
                            + " fonts-ipafont-gothic (./mamori test does so as root)");
                }
                CorpusFormats.pdf(labelled.doc(), path, font);
            }
        }
        labels.put(name, labelled.expected());
    }

    // --- templates ---------------------------------------------------------------------------

    Labelled roster(int rows) {
        Set<Expected> expected = new LinkedHashSet<>();
        Doc doc = new Doc();
        if (random.nextBoolean()) {
            doc.line("【社外秘】");
            expected.add(new Expected(FindingType.CONFIDENTIAL_MARKER, "社外秘"));
        }
        doc.line("社員名簿（" + (today.getYear() - random.nextInt(3)) + "年度）");
        boolean extra = random.nextBoolean();
        List<String> header = new ArrayList<>(List.of("氏名", "生年月日", "個人番号", "電話番号", "メールアドレス", "住所"));
        if (extra) {
            header.add("社員番号");
            header.add("入社日");
        }
        List<List<String>> table = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Person p = person();
            boolean grouped = random.nextBoolean();
            String myNumber = grouped ? p.myNumber().substring(0, 4) + " " + p.myNumber().substring(4, 8) + " "
                    + p.myNumber().substring(8) : p.myNumber();
            List<String> row = new ArrayList<>(List.of(p.name(random.nextInt(4) > 0), birth(p.birth()), myNumber,
                    p.mobile(), p.email(), p.address().text(random.nextInt(4) > 0)));
            if (extra) {
                row.add(String.valueOf(100000 + random.nextInt(900000)));
                row.add(birth(LocalDate.of(2000 + random.nextInt(24), 1 + random.nextInt(12), 1 + random.nextInt(28))));
            }
            table.add(row);
            name(expected, p);
            expected.add(new Expected(FindingType.DATE_OF_BIRTH, p.birth().toString()));
            expected.add(new Expected(FindingType.JP_MY_NUMBER, p.myNumber()));
            expected.add(new Expected(FindingType.JP_PHONE, digits(p.mobile())));
            expected.add(new Expected(FindingType.EMAIL, p.email()));
            expected.add(new Expected(FindingType.JP_ADDRESS, row.get(5)));
        }
        doc.table(header, table);
        return new Labelled(doc, expected);
    }

    Labelled applicationForm() {
        Set<Expected> expected = new LinkedHashSet<>();
        Person p = person();
        Doc doc = new Doc();
        doc.line(ids.pick(List.of("入会申込書", "口座振替依頼書", "会員登録申込書", "利用申込書")));
        doc.line("申込日：" + birth(today.minusDays(random.nextInt(400))));
        doc.line("受付番号：" + ids.myNumber()); // a valid check digit, but labelled as a reception number
        doc.line("氏名：" + p.name(random.nextBoolean()));
        name(expected, p);
        doc.line("生年月日：" + birth(p.birth()));
        expected.add(new Expected(FindingType.DATE_OF_BIRTH, p.birth().toString()));
        doc.line("住所：〒" + p.postal() + " " + p.address().text(true));
        expected.add(new Expected(FindingType.JP_POSTAL_CODE, digits(p.postal())));
        expected.add(new Expected(FindingType.JP_ADDRESS, p.address().text(true)));
        doc.line("電話番号：" + p.mobile());
        expected.add(new Expected(FindingType.JP_PHONE, digits(p.mobile())));
        doc.line("メールアドレス：" + p.email());
        expected.add(new Expected(FindingType.EMAIL, p.email()));
        String myNumber = random.nextBoolean() ? p.myNumber()
                : p.myNumber().substring(0, 4) + "-" + p.myNumber().substring(4, 8) + "-" + p.myNumber().substring(8);
        doc.line("個人番号（マイナンバー）：" + myNumber);
        expected.add(new Expected(FindingType.JP_MY_NUMBER, p.myNumber()));
        if (random.nextBoolean()) {
            doc.line("運転免許証番号：" + p.license());
            expected.add(new Expected(FindingType.JP_DRIVERS_LICENSE, p.license()));
        }
        if (random.nextBoolean()) {
            doc.line("旅券番号：" + p.passport());
            expected.add(new Expected(FindingType.JP_PASSPORT, p.passport()));
        }
        if (random.nextInt(3) == 0) {
            doc.line("在留カード番号：" + p.residenceCard());
            expected.add(new Expected(FindingType.JP_RESIDENCE_CARD, p.residenceCard()));
        }
        if (random.nextBoolean()) {
            doc.line("基礎年金番号：" + p.pension());
            expected.add(new Expected(FindingType.JP_PENSION_NUMBER, digits(p.pension())));
        }
        if (random.nextInt(3) == 0) {
            doc.line("住民票コード：" + p.residentCode());
            expected.add(new Expected(FindingType.JP_RESIDENT_CODE, p.residentCode()));
        }
        doc.line("振込先：" + p.bank() + "銀行 " + p.branch() + "支店 普通預金 口座番号 " + p.account());
        expected.add(new Expected(FindingType.JP_BANK_ACCOUNT, p.account()));
        doc.line("クレジットカード番号：" + p.card());
        expected.add(new Expected(FindingType.CREDIT_CARD, digits(p.card())));
        doc.line("有効期限：" + (1 + random.nextInt(12)) + "/" + (26 + random.nextInt(5)));
        doc.line("ご記入いただいた個人情報は、本申込みの手続きにのみ利用します。");
        return new Labelled(doc, expected);
    }

    /** A table of people with sensitive columns, in one of three variants of 要配慮個人情報. */
    Labelled healthCheck(int rows) {
        Set<Expected> expected = new LinkedHashSet<>();
        Doc doc = new Doc();
        int variant = random.nextInt(3);
        List<String> header;
        switch (variant) {
            case 0 -> {
                doc.line("定期健康診断結果一覧（" + today.getYear() + "年度）");
                header = List.of("氏名", "生年月日", "既往歴", "血圧", "健診結果");
                expected.add(new Expected(FindingType.SENSITIVE_PERSONAL, "MEDICAL_HISTORY"));
                expected.add(new Expected(FindingType.SENSITIVE_PERSONAL, "HEALTH_CHECK"));
            }
            case 1 -> {
                doc.line("合理的配慮 申請者一覧");
                header = List.of("氏名", "生年月日", "障害等級", "服薬", "備考");
                expected.add(new Expected(FindingType.SENSITIVE_PERSONAL, "DISABILITY"));
                expected.add(new Expected(FindingType.SENSITIVE_PERSONAL, "MEDICAL_CARE"));
            }
            default -> {
                doc.line("採用選考 調査票（取扱注意）");
                expected.add(new Expected(FindingType.CONFIDENTIAL_MARKER, "取扱注意"));
                header = List.of("氏名", "生年月日", "前科", "信仰", "備考");
                expected.add(new Expected(FindingType.SENSITIVE_PERSONAL, "CRIMINAL_RECORD"));
                expected.add(new Expected(FindingType.SENSITIVE_PERSONAL, "CREED"));
            }
        }
        List<List<String>> table = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Person p = person();
            List<String> values = switch (variant) {
                case 0 -> List.of(ids.pick(List.of("なし", "なし", "なし", "高血圧", "糖尿病", "喘息", "胃潰瘍")),
                        (100 + random.nextInt(60)) + "/" + (60 + random.nextInt(40)),
                        ids.pick(List.of("A", "B", "C 要経過観察", "D 要精密検査")));
                case 1 -> List.of(ids.pick(List.of("1級", "2級", "3級", "4級")), ids.pick(List.of("あり", "なし")),
                        ids.pick(List.of("", "在宅勤務を希望", "通路の確保")));
                default -> List.of(ids.pick(List.of("なし", "なし", "あり")), ids.pick(List.of("なし", "仏教", "キリスト教")),
                        "");
            };
            List<String> row = new ArrayList<>(List.of(p.name(true), birth(p.birth())));
            row.addAll(values);
            table.add(row);
            name(expected, p);
            expected.add(new Expected(FindingType.DATE_OF_BIRTH, p.birth().toString()));
        }
        doc.table(header, table);
        return new Labelled(doc, expected);
    }

    Labelled letter() {
        Set<Expected> expected = new LinkedHashSet<>();
        Person customer = person();
        Person staff = person();
        String company = faker.name().lastName() + ids.pick(List.of("商事", "物産", "電機", "保険"));
        String corporate = ids.corporateNumber();
        Doc doc = new Doc()
                .line(customer.name(random.nextBoolean()) + " 様")
                .line("")
                .line("拝啓　時下ますますご清栄のこととお慶び申し上げます。")
                .line("先日お申し込みいただいた件について、下記のとおりご案内いたします。お客様のご理解をお願いいたします。")
                .line("敬具")
                .line("株式会社" + company + "　お客様相談室")
                .line("担当：" + staff.name(true))
                .line("TEL：" + ids.tollFree() + "（受付時間 9:00〜17:00）")
                .line("E-mail：info@" + ids.pick(DOMAINS))
                .line("法人番号：" + corporate);
        expected.add(new Expected(FindingType.JP_PERSON_NAME, customer.name(false).replace(" ", "")));
        expected.add(new Expected(FindingType.JP_PERSON_NAME, staff.name(false).replace(" ", "")));
        expected.add(new Expected(FindingType.JP_CORPORATE_NUMBER, corporate));
        return new Labelled(doc, expected);
    }

    Labelled order() {
        Set<Expected> expected = new LinkedHashSet<>();
        String customer = "株式会社" + faker.name().lastName() + "商事";
        String account = ids.bankAccount();
        Doc doc = new Doc()
                .line("注文書")
                .line(customer + "　御中")
                .line(faker.name().lastName() + "工業株式会社 様")
                .line("注文番号：" + ids.myNumber())
                .line("発行日：" + birth(today.minusDays(random.nextInt(300))));
        List<List<String>> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String partNumber = random.nextBoolean() ? "0" + ids.digits(3) + "-" + ids.digits(3) + "-" + ids.digits(3)
                    : "AB" + ids.digits(7);
            int quantity = 1 + random.nextInt(50);
            int price = 100 * (1 + random.nextInt(500));
            items.add(List.of(partNumber, ids.pick(List.of("ボルト", "ナット", "ケーブル", "基板", "筐体")),
                    String.valueOf(quantity), String.format("%,d円", price), String.format("%,d円", price * quantity)));
        }
        doc.table(List.of("品番", "品名", "数量", "単価", "金額"), items);
        doc.line("合計金額：" + String.format("%,d円", 1000 * (10 + random.nextInt(9000))));
        doc.line("納期：" + birth(today.plusDays(10 + random.nextInt(60))));
        doc.line("お振込先：" + ids.pick(BANKS) + "銀行 " + ids.pick(BRANCHES) + "支店 当座 " + account);
        expected.add(new Expected(FindingType.JP_BANK_ACCOUNT, account));
        doc.line("伝票番号 " + ids.digits(10) + "　お問い合わせ番号 " + ids.digits(12));
        String corporate = ids.corporateNumber();
        String registration = ids.corporateNumber();
        doc.line("発行元 法人番号：" + corporate + "（適格請求書発行事業者 T" + registration + "）");
        expected.add(new Expected(FindingType.JP_CORPORATE_NUMBER, corporate));
        // the invoice registration number is the same kind of number, written T + 13 digits (issue 22)
        expected.add(new Expected(FindingType.JP_CORPORATE_NUMBER, registration));
        return new Labelled(doc, expected);
    }

    Labelled policy() {
        Doc doc = new Doc()
                .line("個人情報の取扱いに関する規程")
                .line("第1条　当社は、個人番号（マイナンバー）を法令で定められた事務に限って取り扱う。記入例：個人番号 "
                        + ids.invalidMyNumber())
                .line("第2条　病歴、犯罪歴、信条などの要配慮個人情報は、本人の同意なく取得しない。")
                .line("第3条　社外秘の資料は施錠できる場所に保管し、機密保持契約を締結した者にのみ開示する。")
                .line("第4条　クレジットカード番号（例 " + ids.invalidCard() + "）は保存しない。")
                .line("第5条　健康診断の結果は人事部が管理し、ストレスチェックは外部機関に委託する。")
                .line("附則　この規程は" + birth(today.minusYears(2)) + "から施行する。")
                .line("生年月日の記入例：平成31年5月1日（このような存在しない日付は受け付けない）");
        return new Labelled(doc, new LinkedHashSet<>());
    }

    Labelled memo() {
        Set<Expected> expected = new LinkedHashSet<>();
        Doc doc = new Doc();
        switch (random.nextInt(4)) {
            case 0 -> {
                doc.line("【社外秘】");
                expected.add(new Expected(FindingType.CONFIDENTIAL_MARKER, "社外秘"));
            }
            case 1 -> {
                doc.line("■極秘");
                expected.add(new Expected(FindingType.CONFIDENTIAL_MARKER, "極秘"));
            }
            case 2 -> {
                doc.line("[Confidential]");
                expected.add(new Expected(FindingType.CONFIDENTIAL_MARKER, "confidential"));
            }
            default -> {
                doc.line("関係者外秘");
                expected.add(new Expected(FindingType.CONFIDENTIAL_MARKER, "関係者外秘"));
            }
        }
        doc.line("新製品開発計画について")
                .line("次期モデルの発売時期を" + (today.getYear() + 1) + "年" + (1 + random.nextInt(12)) + "月に予定している。")
                .line("本資料は機密情報を含むため、取扱いには注意すること。部外への持ち出しを禁ずる。")
                .line("作成日：" + birth(today.minusDays(random.nextInt(100))));
        return new Labelled(doc, expected);
    }

    Labelled cardList(int rows) {
        Set<Expected> expected = new LinkedHashSet<>();
        Doc doc = new Doc();
        List<List<String>> table = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Person p = person();
            table.add(List.of(p.name(true), p.card(), (1 + random.nextInt(12)) + "/" + (26 + random.nextInt(5)),
                    p.bank() + "銀行", p.branch() + "支店", p.account(), ids.invalidCard().replace("-", "")));
            name(expected, p);
            expected.add(new Expected(FindingType.CREDIT_CARD, digits(p.card())));
            expected.add(new Expected(FindingType.JP_BANK_ACCOUNT, p.account()));
        }
        doc.table(List.of("氏名", "カード番号", "有効期限", "銀行名", "支店名", "口座番号", "会員番号"), table);
        return new Labelled(doc, expected);
    }

    Labelled idList(int rows) {
        Set<Expected> expected = new LinkedHashSet<>();
        Doc doc = new Doc();
        doc.line("本人確認書類 記録簿");
        List<List<String>> table = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Person p = person();
            table.add(List.of(p.name(true), p.license(), p.passport(), p.residenceCard(), p.pension(), p.residentCode(),
                    p.postal()));
            expected.add(new Expected(FindingType.JP_RESIDENT_CODE, p.residentCode()));
            expected.add(new Expected(FindingType.JP_POSTAL_CODE, digits(p.postal())));
            name(expected, p);
            expected.add(new Expected(FindingType.JP_DRIVERS_LICENSE, p.license()));
            expected.add(new Expected(FindingType.JP_PASSPORT, p.passport()));
            expected.add(new Expected(FindingType.JP_RESIDENCE_CARD, p.residenceCard()));
            expected.add(new Expected(FindingType.JP_PENSION_NUMBER, digits(p.pension())));
        }
        doc.table(List.of("氏名", "運転免許証番号", "旅券番号", "在留カード番号", "基礎年金番号", "住民票コード", "郵便番号"),
                table);
        return new Labelled(doc, expected);
    }

    /** Names in running text: full names with さん are MEDIUM; surnames alone with さん stay LOW. */
    Labelled minutes() {
        Set<Expected> expected = new LinkedHashSet<>();
        Person a = person();
        Person b = person();
        Person c = person();
        Doc doc = new Doc()
                .line("定例会議 議事録")
                .line("日時：" + birth(today.minusDays(random.nextInt(60))) + " 10:00〜11:00")
                .line("場所：第2会議室")
                .line("議題1：来期の予算について、" + a.name(true) + "さんから説明があった。")
                .line("議題2：" + b.surname() + "さんが新システムの進捗を報告した。")
                .line("議題3：顧客対応の件は" + c.name(true) + "さんが引き続き担当する。")
                .line("次回は" + (today.getMonthValue() % 12 + 1) + "月" + (1 + random.nextInt(28)) + "日に開催する。");
        expected.add(new Expected(FindingType.JP_PERSON_NAME, a.name(false).replace(" ", "")));
        expected.add(new Expected(FindingType.JP_PERSON_NAME, c.name(false).replace(" ", "")));
        return new Labelled(doc, expected);
    }

    /** Numbers everywhere and none of them personal. */
    Labelled statisticsReport() {
        Doc doc = new Doc()
                .line("第" + (1 + random.nextInt(4)) + "四半期 営業実績報告")
                .line("売上高は" + String.format("%,d", 100_000_000L + random.nextInt(900_000_000)) + "円、前年同期比"
                        + (90 + random.nextInt(30)) + "." + random.nextInt(10) + "%となった。")
                .line("管理番号 " + ids.myNumber().substring(0, 4) + "-" + ids.digits(4) + "-" + ids.digits(4)
                        + " の案件は" + (today.getYear() + 1) + "年3月31日に完了予定。")
                .line("問合せ先：本社 総務部（代表 " + ids.tollFree() + "）");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(List.of((i + 1) + "月", String.format("%,d", 1_000_000 + random.nextInt(9_000_000)),
                    ids.digits(12), (80 + random.nextInt(40)) + "." + random.nextInt(10) + "%",
                    birth(LocalDate.of(today.getYear() - 1, i + 1, 1 + random.nextInt(28)))));
        }
        doc.table(List.of("月", "売上（千円）", "伝票番号", "達成率", "締日"), rows);
        String corporate = ids.corporateNumber();
        doc.line("報告者：当社（法人番号 " + corporate + "）経営企画部");
        Set<Expected> expected = new LinkedHashSet<>();
        expected.add(new Expected(FindingType.JP_CORPORATE_NUMBER, corporate));
        return new Labelled(doc, expected);
    }

    /**
     * A work report with the running-text cues of issue 22: names after a role word, after an
     * organisational unit or before a staff identifier, and a labelled address whose municipality
     * is not in the gazetteer (a pre-merger or made-up name); each at MEDIUM. With them, the
     * lookalikes the cues must not take: a role word before 未定 or システム, a unit before a room,
     * a company after 担当, and a prefecture with a block number but no label.
     */
    Labelled runningTextCues() {
        Set<Expected> expected = new LinkedHashSet<>();
        Person author = person();
        Person approver = person();
        Person member = person();
        Person staff = person();
        Person contact = person();
        Person applicant = person();
        String unit = ids.pick(UNITS);
        Doc doc = new Doc()
                .line(ids.pick(List.of("業務報告書", "作業報告", "出張報告書", "対応記録")))
                .line("作成者：" + author.name(random.nextBoolean()))
                .line("承認 " + approver.name(random.nextBoolean()) + "（" + ids.pick(List.of("課長", "部長", "係長")) + "）")
                .line("1. " + unit + " " + member.name(false) + " " + ids.pick(List.of("出席", "同席", "報告")))
                .line("2. 顧客からの問い合わせは " + staff.name(false) + "（社員番号 " + (char) ('A' + random.nextInt(26))
                        + "-" + ids.digits(4) + "）が対応した。")
                .line("3. 問い合わせ先 " + contact.name(true) + " 内線" + ids.digits(4));
        for (Person p : List.of(author, approver, member, staff, contact)) {
            name(expected, p);
        }
        String[] municipality = unknownMunicipality(applicant.address().prefecture());
        int a = 1 + random.nextInt(9);
        int b = 1 + random.nextInt(30);
        int c = 1 + random.nextInt(20);
        String address = municipality[0] + municipality[1] + ids.pick(TOWNS)
                + (random.nextBoolean() ? a + "丁目" + b + "番" + c + "号" : a + "-" + b + "-" + c);
        doc.line("4. 申請者：" + applicant.name(random.nextBoolean()))
                .line("   住所：" + address);
        name(expected, applicant);
        expected.add(new Expected(FindingType.JP_ADDRESS, address));
        // lookalikes: nothing below is personal data
        String company = faker.name().lastName() + ids.pick(List.of("商事株式会社", "電機", "物産"));
        doc.line("5. 次回の担当 未定")
                .line("   作成者：システム（自動生成）")
                .line("   " + unit + " 会議室 にて実施")
                .line("   納品の担当 " + company)
                .line("   " + ids.pick(List.of("東京都", "大阪府", "愛知県", "福岡県")) + " " + a + "-" + (1 + random.nextInt(9))
                        + "-" + (1 + random.nextInt(9)) + " の在庫を確認する。");
        return new Labelled(doc, expected);
    }

    // --- helpers -----------------------------------------------------------------------------

    private static void name(Set<Expected> expected, Person p) {
        expected.add(new Expected(FindingType.JP_PERSON_NAME, p.name(false).replace(" ", "")));
    }

    /** A date in one of the ways Japanese documents write dates: 西暦, 和暦, slashes, dashes. */
    String birth(LocalDate date) {
        return switch (random.nextInt(5)) {
            case 0 -> date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
            case 1 -> String.format("%d/%02d/%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            case 2 -> era(date);
            case 3 -> date.toString();
            default -> String.format("%d.%d.%d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        };
    }

    private static String era(LocalDate date) {
        for (String[] era : ERAS) {
            LocalDate first = LocalDate.parse(era[1]);
            if (!date.isBefore(first)) {
                int year = date.getYear() - first.getYear() + 1;
                return era[0] + (year == 1 ? "元" : String.valueOf(year)) + "年" + date.getMonthValue() + "月"
                        + date.getDayOfMonth() + "日";
            }
        }
        return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
    }

    /**
     * A prefecture and a municipality the gazetteer lacks: a pre-merger city with its prefecture,
     * or a made-up name in {@code prefecture}.
     */
    private String[] unknownMunicipality(String prefecture) {
        if (random.nextBoolean()) {
            return PRE_MERGER.get(random.nextInt(PRE_MERGER.size()));
        }
        return new String[] {prefecture, ids.pick(MADE_UP_MUNICIPALITIES)};
    }

    private static String digits(String text) {
        return text.replaceAll("[^0-9]", "");
    }

    private static List<String[]> loadMunicipalities() {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = CorpusGenerator.class.getResourceAsStream(
                "/io/mamori/classifier/detect/jp-municipalities.tsv")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    rows.add(line.split("\t", 2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
