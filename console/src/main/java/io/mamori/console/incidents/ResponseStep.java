package io.mamori.console.incidents;

/**
 * The steps of responding to a leak, in order: 検知 → 初動対応 → 調査 → 報告・公表 → 復旧 → 再発防止.
 * An incident is in exactly one; finishing the last one closes it.
 */
public enum ResponseStep {
    /** 検知: the events that raised it. */
    DETECTION,
    /** 初動対応: contain it (recover the device, stop the account, preserve evidence). */
    INITIAL_RESPONSE,
    /** 調査: what left, whose data, how many people, why. */
    INVESTIGATION,
    /** 報告・公表: the 速報 and 確報 to the 個人情報保護委員会, notifying the people concerned. */
    REPORTING,
    /** 復旧: back to normal operation. */
    RECOVERY,
    /** 再発防止: what changes so it does not happen again. */
    PREVENTION;

    /** The step after this one, or null after the last. */
    public ResponseStep next() {
        return ordinal() + 1 < values().length ? values()[ordinal() + 1] : null;
    }

    public boolean isLast() {
        return next() == null;
    }
}
