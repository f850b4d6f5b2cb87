package io.mamori.agent;

import io.mamori.protocol.AgentId;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import java.time.Clock;

/** Makes the agent's own events (started, stopped, policy applied, …) with its id and host name. */
public final class AgentEvents {

    private final AgentId agentId;
    private final String host;
    private final Clock clock;

    public AgentEvents(AgentId agentId, String host, Clock clock) {
        this.agentId = agentId;
        this.host = host;
        this.clock = clock;
    }

    public Event of(EventKind kind, String detail) {
        return at(clock.instant(), kind, detail);
    }

    /** An event of something that happened at {@code occurredAt}, noticed later (a refused removal spooled on disk). */
    public Event at(java.time.Instant occurredAt, EventKind kind, String detail) {
        return new Event(EventIds.next(), agentId, occurredAt, kind, host, null, null, null, null, null, null, null,
                detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail);
    }

    public AgentId agentId() {
        return agentId;
    }

    public String host() {
        return host;
    }
}
