package io.mamori.protocol.api;

/** How an agent says it is doing, in its heartbeat. */
public enum AgentStatus {
    /** Everything works. */
    RUNNING,
    /** Enforcing, but something needs attention (a worker keeps failing, the disk is full, …). */
    DEGRADED,
    /** Shutting down. */
    STOPPING
}
