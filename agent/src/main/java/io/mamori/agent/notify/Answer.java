package io.mamori.agent.notify;

import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.OverrideOutcome;

/**
 * What came of a {@link HeldCopy} question.
 *
 * @param outcome    continued, cancelled, timed out, or nobody could be asked
 * @param reasonId   the chosen reason (CONTINUED only)
 * @param reasonText what the person typed (may be null)
 * @param person     who answered (null when nobody did)
 * @param detail     for the record: how it came about
 */
public record Answer(OverrideOutcome outcome, String reasonId, String reasonText, Actor person, String detail) {

    public static Answer unanswered(OverrideOutcome outcome, String detail) {
        return new Answer(outcome, null, null, null, detail);
    }
}
