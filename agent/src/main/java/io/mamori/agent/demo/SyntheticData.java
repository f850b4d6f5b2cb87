package io.mamori.agent.demo;

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

    /** Twelve digits, the last a valid check digit (the public algorithm of the individual number). */
    public static String myNumber(Random random) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            body.append(random.nextInt(10));
        }
        int sum = 0;
        for (int n = 1; n <= 11; n++) {
            int p = body.charAt(11 - n) - '0';
            int q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }
        int remainder = sum % 11;
        String digits = body.toString() + (remainder <= 1 ? 0 : 11 - remainder);
        return digits.substring(0, 4) + "-" + digits.substring(4, 8) + "-" + digits.substring(8);
    }
}
