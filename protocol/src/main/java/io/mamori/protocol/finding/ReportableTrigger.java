package io.mamori.protocol.finding;

/**
 * The facts about a file that, if it leaked, would make the incident reportable to the
 * 個人情報保護委員会 under the APPI (個人情報保護法施行規則 第7条). The fourth trigger, an improper
 * purpose, is a reviewer's judgement and is recorded on the console, not by the classifier.
 */
public enum ReportableTrigger {
    /** 要配慮個人情報 is present. */
    SENSITIVE_PERSONAL,
    /** Data open to financial misuse: card numbers, bank accounts. */
    FINANCIAL,
    /** The file covers more than 1,000 people. */
    OVER_1000_PEOPLE
}
