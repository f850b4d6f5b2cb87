package io.mamori.protocol.event;

/** How the employee answered a held (WARN_OVERRIDE) copy. */
public enum OverrideOutcome {
    /** Continued with a reason: the files are released to the device. */
    CONTINUED,
    /** Cancelled: the files stay quarantined. */
    CANCELLED,
    /** No answer in time: treated as BLOCK. */
    TIMED_OUT,
    /** Nobody could be asked (no graphical session): treated as BLOCK. */
    NO_SESSION
}
