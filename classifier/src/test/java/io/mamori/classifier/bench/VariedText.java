package io.mamori.classifier.bench;

import java.util.Random;

/**
 * Japanese business text with a realistic amount of variety: sentences assembled from a
 * vocabulary of business nouns, loanwords, verbs, names, figures and dates, so that documents
 * compress about as real ones do (a few to one), not like one sentence repeated.
 */
final class VariedText {

    private static final String[] NOUNS = ("予算 計画 売上 利益 費用 契約 取引 顧客 案件 見積 請求 納品 品質 在庫 発注 出荷 人事 採用 研修 評価 "
            + "規程 会議 議事 報告 提案 承認 申請 稟議 監査 法務 経理 総務 営業 開発 製造 物流 購買 広報 企画 情報 システム 資料 "
            + "手順 課題 対策 改善 進捗 日程 期限 目標 実績 分析 市場 競合 戦略 施策 効果 費用対効果 体制 役割 責任 権限 方針 "
            + "基準 指標 品目 単価 数量 金額 税額 支払 入金 残高 口座 振込 伝票 帳票 台帳 名簿 一覧 明細 集計 統計 傾向 要因").split(" ");
    private static final String[] LOANWORDS = ("プロジェクト スケジュール マネジメント クラウド サーバー ネットワーク セキュリティ "
            + "データベース アプリケーション インターフェース ユーザー アカウント パスワード ライセンス サポート メンテナンス "
            + "キャンペーン マーケティング コンサルティング ミーティング レビュー フィードバック リスク コスト パートナー").split(" ");
    private static final String[] VERBS = {"を検討した", "について報告があった", "を見直す必要がある", "の承認を得た", "を共有する",
            "を実施する予定である", "に遅れが生じている", "を前年比で改善した", "の手順を整理した", "に関する質問が寄せられた",
            "を次回までに確認する", "の方針を決定した", "を関係部署と調整中である", "の資料を作成した"};
    private static final String[] PLACES = {"本社", "大阪支店", "名古屋営業所", "福岡支店", "第2会議室", "オンライン", "仙台事業所"};
    private static final String[] SURNAMES = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
            "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "清水", "山崎"};

    private final Random random;

    VariedText(long seed) {
        this.random = new Random(seed);
    }

    String sentence() {
        StringBuilder out = new StringBuilder();
        switch (random.nextInt(6)) {
            case 0 -> out.append(pick(NOUNS)).append("と").append(pick(LOANWORDS)).append(pick(VERBS));
            case 1 -> out.append(pick(PLACES)).append("の").append(pick(NOUNS)).append("は").append(number())
                    .append("件で、").append(pick(NOUNS)).append(pick(VERBS));
            case 2 -> out.append(year()).append("年").append(1 + random.nextInt(12)).append("月").append(1 + random.nextInt(28))
                    .append("日、").append(pick(SURNAMES)).append("さんから").append(pick(NOUNS)).append(pick(VERBS));
            case 3 -> out.append(pick(LOANWORDS)).append("の").append(pick(NOUNS)).append("は").append(String.format("%,d",
                    random.nextInt(9_000_000) + 1000)).append("円となり、").append(pick(NOUNS)).append(pick(VERBS));
            case 4 -> out.append("第").append(1 + random.nextInt(20)).append("条 ").append(pick(NOUNS)).append("及び")
                    .append(pick(NOUNS)).append("に関する").append(pick(NOUNS)).append("は、").append(pick(NOUNS))
                    .append("の").append(pick(NOUNS)).append("に従う。");
            default -> out.append(pick(NOUNS)).append(pick(NOUNS)).append("（").append(pick(LOANWORDS)).append("）")
                    .append(pick(VERBS));
        }
        if (out.charAt(out.length() - 1) != '。') {
            out.append("。");
        }
        return out.toString();
    }

    /** About {@code characters} characters of text in lines of a few sentences. */
    String text(int characters) {
        StringBuilder out = new StringBuilder(characters + 200);
        while (out.length() < characters) {
            int sentences = 1 + random.nextInt(4);
            for (int i = 0; i < sentences; i++) {
                out.append(sentence());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private int number() {
        return 1 + random.nextInt(500);
    }

    private int year() {
        return 2015 + random.nextInt(12);
    }

    private String pick(String[] words) {
        return words[random.nextInt(words.length)];
    }
}
