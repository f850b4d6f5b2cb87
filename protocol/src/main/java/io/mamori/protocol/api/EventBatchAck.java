package io.mamori.protocol.api;

import io.mamori.protocol.Fields;
import java.util.List;
import java.util.UUID;

/**
 * The console's acknowledgement of a batch. Events it had already stored count as accepted, so
 * a re-sent batch is answered exactly like the first. The agent marks as sent only what is
 * listed here.
 *
 * @param accepted ids stored (now or before)
 * @param rejected ids that will never be stored, with why
 */
public record EventBatchAck(List<UUID> accepted, List<RejectedEvent> rejected) {

    public EventBatchAck {
        accepted = Fields.list(accepted, "accepted", EventBatch.MAX_EVENTS);
        rejected = Fields.list(rejected, "rejected", EventBatch.MAX_EVENTS);
    }
}
