package io.mamori.protocol.event;

/** What an event records. The set is closed within protocol version 1 (see docs/protocol.md). */
public enum EventKind {
    /** The agent started and has a policy in force (or none yet). */
    AGENT_STARTED,
    /** The agent is stopping cleanly. */
    AGENT_STOPPED,
    /** A removable device was mounted; carries the device-level decision. */
    DEVICE_MOUNTED,
    /** A removable device went away. */
    DEVICE_UNMOUNTED,
    /** A file was written to a removable device and decided; carries classification and decision. */
    FILE_WRITTEN,
    /** The agent could not carry out a decision (the file vanished, the device went away, a write failed). */
    ENFORCEMENT_FAILED,
    /** The employee answered (or did not answer) a held copy. */
    USER_RESPONSE,
    /** A quarantined file was written back to a device on an administrator's command. */
    FILE_RELEASED,
    /** A quarantined file was destroyed on an administrator's command. */
    FILE_PURGED,
    /** A new policy version was verified and put in force. */
    POLICY_APPLIED,
    /** A policy document was refused (bad signature, wrong key, invalid); the previous one stays in force. */
    POLICY_REJECTED,
    /** The operation log was found altered or corrupt. */
    LOG_INTEGRITY,
    /** The outbox overflowed and dropped events; carries how many in {@code detail}. */
    EVENTS_DROPPED,
    /**
     * The employee asked to use a restricted device (issue 23; added within version 1: a console
     * older than it rejects this event alone); carries the device and the request in {@code detail}.
     */
    DEVICE_REQUESTED;

    /** Kinds that always describe one file. */
    public boolean concernsFile() {
        return this == FILE_WRITTEN || this == FILE_RELEASED || this == FILE_PURGED;
    }
}
