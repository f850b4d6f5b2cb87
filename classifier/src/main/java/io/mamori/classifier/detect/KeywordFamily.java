package io.mamori.classifier.detect;

import java.util.List;

/**
 * Groups of supporting keywords, Japanese and English (lower case: matching is case-insensitive
 * for ASCII). A keyword near a candidate — within {@value DetectionContext#KEYWORD_WINDOW}
 * characters, or in the header of the candidate's table column — is the evidence that lifts a
 * checksum-valid number to HIGH and that keyword-only types require. docs/detectors.md lists them.
 */
public enum KeywordFamily {
    MY_NUMBER("マイナンバー", "個人番号", "通知カード", "個人番号カード", "マイナンバーカード", "my number",
            "individual number"),
    CORPORATE_NUMBER("法人番号", "corporate number", "登録番号", "適格請求書", "インボイス", "registration number",
            "registration no"),
    PASSPORT("旅券番号", "旅券", "パスポート", "パスポート番号", "passport"),
    DRIVERS_LICENSE("運転免許証番号", "運転免許証", "免許証番号", "免許証", "運転免許", "免許番号", "driver's license",
            "drivers license", "driving licence", "driver license"),
    RESIDENCE_CARD("在留カード", "在留カード番号", "特別永住者証明書", "residence card"),
    RESIDENT_CODE("住民票コード", "住民票", "resident registry code"),
    PENSION_NUMBER("基礎年金番号", "年金番号", "年金手帳", "被保険者番号", "被保険者記号", "pension number"),
    BANK_ACCOUNT("口座番号", "普通預金", "当座預金", "普通口座", "当座口座", "口座", "振込先", "預金種目", "account number",
            "bank account", "account no"),
    BANK_DETAIL("銀行", "支店", "信用金庫", "信金", "店番", "支店名", "支店番号", "金融機関", "ゆうちょ", "労働金庫", "農協",
            "branch", "bank"),
    CREDIT_CARD("クレジットカード", "カード番号", "クレジット", "有効期限", "セキュリティコード", "card number", "credit card",
            "card no", "visa", "mastercard", "jcb", "amex", "american express", "diners"),
    EMAIL("メール", "メールアドレス", "e-mail", "email", "mail", "連絡先"),
    PHONE("電話", "電話番号", "tel", "携帯", "携帯電話", "携帯番号", "連絡先", "緊急連絡先", "fax", "自宅", "phone", "mobile"),
    POSTAL_CODE("郵便番号", "〒", "postal code", "zip"),
    ADDRESS("住所", "所在地", "現住所", "住居", "自宅住所", "本籍", "居所", "送付先", "お届け先", "address"),
    NAME_LABEL("氏名", "名前", "お名前", "フリガナ", "ふりがな", "姓名", "担当者名", "担当", "申込者", "契約者", "契約者名",
            "被保険者氏名", "患者名", "患者氏名", "社員名", "従業員名", "受取人", "名義", "名義人", "口座名義", "保護者",
            "name", "full name"),
    NAME_SUFFIX("様", "殿", "さん", "氏", "君"),
    /** Roles a business document writes right before a person's name (担当 山田太郎, 作成者：鈴木 一郎). */
    PERSON_ROLE("担当", "担当者", "作成者", "承認", "承認者", "申請者", "記入者", "依頼者", "連絡先", "責任者", "営業担当",
            "担当営業", "上長", "確認者", "報告者", "起票者", "発行者", "差出人", "送信者", "受付者", "起案者", "決裁者",
            "代表者", "管理者", "立会人"),
    /** Staff identifiers a business document writes right after a person's name (山田太郎（社員番号 A-1234）). */
    STAFF_IDENTIFIER("社員番号", "職員番号", "従業員番号", "社員id", "職員id", "社員no", "社員コード", "内線"),
    DATE_OF_BIRTH("生年月日", "誕生日", "生まれ", "出生日", "出生年月日", "date of birth", "birth date", "birthday",
            "dob"),
    /** Labels of numbers that are not about a person; a number right after one is not an identifier. */
    NOT_AN_IDENTIFIER("注文番号", "受注番号", "発注番号", "伝票番号", "品番", "型番", "受付番号", "管理番号", "請求書番号",
            "請求番号", "製造番号", "シリアル番号", "シリアル", "部品番号", "商品コード", "商品番号", "問合せ番号",
            "お問い合わせ番号", "追跡番号", "伝票", "order no", "order number", "invoice", "part no", "part number",
            "serial", "sku", "isbn", "jan"),
    /** Labels of dates that are not birthdays: 作成日, 発行日, 申込日 … */
    OTHER_DATE("作成日", "発行日", "申込日", "申請日", "契約日", "更新日", "入社日", "退社日", "日付", "期限", "提出日",
            "締切", "交付日", "有効期限", "登録日", "受付日", "開催日", "納期", "支払日", "date", "issued", "expires"),
    YEAR_MARK("年"),
    CONFIDENTIAL_STRONG("社外秘", "極秘", "部外秘", "関係者外秘", "厳秘", "社内秘", "社内限り", "取扱注意", "取扱厳重注意",
            "持出禁止", "strictly confidential", "top secret"),
    CONFIDENTIAL_WEAK("機密", "秘密", "confidential", "internal only", "internal use only", "do not distribute"),
    /** Words that contain a marker but are not markings: 機密保持契約 is an NDA, not a secret. */
    CONFIDENTIAL_NOT_A_MARKING("機密保持", "秘密保持", "守秘義務", "機密性", "機密保持契約", "秘密保持契約", "秘密鍵",
            "極秘裏",
            "non-disclosure", "confidentiality agreement"),
    /** The twelve categories of 要配慮個人情報, keyed by {@link SensitiveCategory}. */
    SENSITIVE(),
    PREFECTURE(),
    /** 丁目, which follows a block number written in kanji (一丁目) that the lexical scan cannot see. */
    BLOCK_MARK("丁目");

    private final List<String> keywords;

    KeywordFamily(String... keywords) {
        this.keywords = List.of(keywords);
    }

    /** The fixed keywords; SENSITIVE and PREFECTURE come from their own tables. Municipalities are
     *  not keywords: {@link Gazetteer} finds them where an address can be. */
    public List<String> keywords() {
        return keywords;
    }

    long bit() {
        return 1L << ordinal();
    }
}
