package io.mamori.agent.demo;

import io.mamori.classifier.detect.Checksums;
import java.util.Random;

/**
 * Made-up file contents for the demo and the agent's tests: no real person's data. Individual numbers
 * (マイナンバー) are random with a valid check digit, so the classifier finds them with high
 * confidence.
 */
public final class SyntheticData {

    private static final String[] FAMILY = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"};
    private static final String[] GIVEN = {"太郎", "花子", "一郎", "美咲", "健太", "陽菜", "翔", "結衣", "大輔", "さくら"};

    private SyntheticData() {
    }

    /** Meeting notes with nothing personal or confidential in them. */
    public static String minutes() {
        return "定例会議メモ\n議題：来期の販促計画について\n・展示会の日程を確認する\n・次回は資料を共有する\n";
    }

    /** A staff roster of {@code rows} made-up people with individual numbers (HIGH-confidence personal data). */
    public static String roster(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("氏名,個人番号,部署\n");
        for (int i = 0; i < rows; i++) {
            text.append(FAMILY[random.nextInt(FAMILY.length)]).append(' ').append(GIVEN[random.nextInt(GIVEN.length)])
                    .append(',').append(myNumber(random)).append(",営業部\n");
        }
        return text.toString();
    }

    /** An internal memo stamped 【社外秘】 (a confidentiality marking). */
    public static String confidentialMemo() {
        return "【社外秘】\n経営会議資料\n来期の組織変更案について検討する。\n";
    }

    /** A short staff record with one made-up individual number next to its keyword (HIGH confidence), from a seed. */
    public static String staffRecord(long seed) {
        return "従業員台帳（試験用の架空データ）\n氏名：試験 太郎\n個人番号：" + myNumber(seed) + "\n";
    }

    /** Twelve digits from a seed, the last a valid check digit: the same seed, the same number. */
    public static String myNumber(long seed) {
        return withCheckDigit(String.format("%011d", Math.floorMod(seed * 7_919L + 31_337L, 100_000_000_000L)));
    }

    /** A random individual number, written 1234-5678-9012 as on forms. */
    public static String myNumber(Random random) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            body.append(random.nextInt(10));
        }
        String digits = withCheckDigit(body.toString());
        return digits.substring(0, 4) + "-" + digits.substring(4, 8) + "-" + digits.substring(8);
    }

    /** Eleven digits and the check digit the classifier's own check accepts. */
    private static String withCheckDigit(String body) {
        for (int digit = 0; digit <= 9; digit++) {
            if (Checksums.myNumber(body + digit)) {
                return body + digit;
            }
        }
        throw new IllegalStateException("no check digit for " + body); // every 11 digits have exactly one
    }
}
