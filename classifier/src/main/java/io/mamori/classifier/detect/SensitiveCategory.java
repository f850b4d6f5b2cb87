package io.mamori.classifier.detect;

import java.util.List;

/**
 * Categories of 要配慮個人情報 (APPI art. 2(3) and its enforcement order) with the words that
 * signal them. Strong words name the sensitive fact itself (既往歴, 前科); weak ones are often
 * used about processes rather than people (健康診断 in a schedule).
 */
public enum SensitiveCategory {
    MEDICAL_HISTORY("病歴", "medical history",
            List.of("病歴", "既往歴", "既往症", "病名", "診断名", "傷病名", "持病", "medical history", "diagnosis"),
            List.of("通院歴", "入院歴", "治療歴", "疾病", "通院", "入院")),
    DISABILITY("障害", "disability",
            List.of("障害者手帳", "身体障害者手帳", "療育手帳", "精神障害者保健福祉手帳", "障害等級", "身体障害", "知的障害",
                    "精神障害"),
            List.of("障がい", "障害者", "disability")),
    CRIMINAL_RECORD("犯罪歴", "criminal record",
            List.of("犯罪歴", "前科", "前歴", "逮捕歴", "犯歴", "服役", "criminal record"),
            List.of("逮捕", "起訴")),
    CRIME_VICTIM("犯罪被害", "crime victim", List.of("犯罪被害", "犯罪被害者"), List.of("被害届")),
    CREED("信条", "creed", List.of("信条", "信仰", "宗派", "支持政党", "政治的見解"), List.of("宗教", "思想", "religion")),
    RACE("人種", "race", List.of("人種", "民族", "門地"), List.of("ethnicity")),
    SOCIAL_STATUS("社会的身分", "social status", List.of("社会的身分"), List.of()),
    HEALTH_CHECK("健康診断結果", "health check results",
            List.of("健康診断結果", "健診結果", "検診結果", "ストレスチェック結果", "血液検査結果", "hba1c", "血糖値"),
            List.of("健康診断", "人間ドック", "ストレスチェック", "血液検査", "血圧", "尿検査")),
    MEDICAL_CARE("診療・調剤", "medical care",
            List.of("診療録", "カルテ", "処方箋", "調剤", "診療明細", "レセプト", "受診歴", "prescription"),
            List.of("処方", "投薬", "服薬")),
    GENOME("遺伝子", "genetic information", List.of("遺伝子検査", "ゲノム", "遺伝情報"), List.of("genetic"));

    private final String labelJa;
    private final String labelEn;
    private final List<String> strong;
    private final List<String> weak;

    SensitiveCategory(String labelJa, String labelEn, List<String> strong, List<String> weak) {
        this.labelJa = labelJa;
        this.labelEn = labelEn;
        this.strong = strong;
        this.weak = weak;
    }

    public String labelJa() {
        return labelJa;
    }

    public String labelEn() {
        return labelEn;
    }

    public List<String> strongWords() {
        return strong;
    }

    public List<String> weakWords() {
        return weak;
    }
}
