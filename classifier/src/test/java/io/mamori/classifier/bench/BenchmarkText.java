package io.mamori.classifier.bench;

import io.mamori.classifier.corpus.SyntheticIdentifiersAccess;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A large, deterministic Japanese business text for throughput benchmarks: prose, tables of
 * numbers, dates, amounts, and one line of personal data in about every forty (a My Number, a
 * phone number, an address, a name with 様 …), so every detector has work to do.
 */
public final class BenchmarkText {

    private static final String[] SENTENCES = {
            "本日の会議では、来期の事業計画と予算配分について議論した。",
            "新システムの導入により、業務効率が前年同期比で約12%向上した。",
            "お客様からのお問い合わせは、平日9時から17時まで受け付けております。",
            "第3四半期の売上高は1,234,567千円となり、計画を上回った。",
            "次回の定例会は2026年12月15日（火）に第2会議室で開催する予定です。",
            "資料の共有にはクラウドストレージを利用し、USBメモリへの保存は避けること。",
            "品番 AB-1234 の在庫が不足しているため、発注を前倒しする。",
            "Project status: the migration is 80% complete and on schedule.",
            "研修は全社員を対象に、オンラインと対面の両方で実施する。",
            "納期は2027年1月31日、検収後30日以内にお支払いいたします。",
            "本件に関するご質問は担当部署までお願いいたします。",
            "サーバーの保守作業のため、土曜日の夜間はシステムを停止します。",
    };

    private BenchmarkText() {
    }

    /** About {@code megabytes} MB of UTF-8 text. */
    public static String generate(int megabytes, long seed) {
        Random random = new Random(seed);
        SyntheticIdentifiersAccess ids = new SyntheticIdentifiersAccess(random);
        String[] surnames = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村"};
        String[] given = {"太郎", "花子", "健一", "美咲", "大輔", "陽菜", "翔太", "結衣"};
        long target = megabytes * 1024L * 1024L;
        StringBuilder text = new StringBuilder((int) (target / 2));
        long bytes = 0;
        int line = 0;
        while (bytes < target) {
            String next;
            if (line % 40 == 39) {
                next = switch (random.nextInt(6)) {
                    case 0 -> "個人番号：" + ids.myNumber();
                    case 1 -> "連絡先 090-" + (1000 + random.nextInt(9000)) + "-" + (1000 + random.nextInt(9000));
                    case 2 -> surnames[random.nextInt(8)] + " " + given[random.nextInt(8)] + " 様";
                    case 3 -> "住所：東京都新宿区西新宿" + (1 + random.nextInt(8)) + "丁目" + (1 + random.nextInt(20)) + "番地";
                    case 4 -> "生年月日：昭和" + (30 + random.nextInt(30)) + "年" + (1 + random.nextInt(12)) + "月"
                            + (1 + random.nextInt(28)) + "日";
                    default -> "メール: user" + random.nextInt(10_000) + "@example.co.jp";
                };
            } else if (line % 17 == 0) {
                next = (1 + random.nextInt(12)) + "月\t" + (100_000 + random.nextInt(900_000)) + "\t"
                        + (80 + random.nextInt(40)) + "%\t" + "伝票番号 " + ids.myNumber().substring(0, 10);
            } else {
                next = SENTENCES[random.nextInt(SENTENCES.length)] + SENTENCES[random.nextInt(SENTENCES.length)];
            }
            text.append(next).append('\n');
            bytes += next.getBytes(StandardCharsets.UTF_8).length + 1;
            line++;
        }
        return text.toString();
    }
}
