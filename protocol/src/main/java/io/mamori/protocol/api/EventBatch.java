package io.mamori.protocol.api;

import io.mamori.protocol.Fields;
import io.mamori.protocol.event.Event;
import java.util.List;

/**
 * {@code POST /api/v1/agents/{id}/events}: events from the agent's outbox, oldest first.
 *
 * @param events at least one and at most {@value #MAX_EVENTS}
 */
public record EventBatch(List<Event> events) {

    public static final int MAX_EVENTS = 1000;

    public EventBatch {
        events = Fields.nonEmptyList(events, "events", MAX_EVENTS);
    }
}
