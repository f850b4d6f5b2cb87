package io.mamori.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mamori.protocol.Fields;

/**
 * How the agent watches removable media, in its heartbeat: whether with the OS's own adapters or
 * with the portable watcher, and why.
 *
 * @param mode   which watcher runs
 * @param detail why, when it is not the OS's own (the failure that made the agent fall back)
 */
public record MediaWatch(@JsonProperty(required = true) Mode mode, String detail) {

    /** Which watcher runs. Closed within protocol version 1. */
    public enum Mode {
        /** The OS's own adapters: mount events, the writing process, device enforcement. */
        NATIVE,
        /** The portable watcher, as configured or because this build has no adapters for the OS. */
        PORTABLE,
        /** The portable watcher because the OS's own adapters failed: volumes polled, the writer unknown, no device enforcement. */
        DEGRADED,
        /** Removable media are not watched (switched off, or nothing could start). */
        OFF
    }

    public MediaWatch {
        Fields.required(mode, "mode");
        Fields.optionalText(detail, "detail", 1000);
    }
}
