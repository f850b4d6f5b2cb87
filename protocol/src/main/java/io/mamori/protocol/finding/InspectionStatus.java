package io.mamori.protocol.finding;

/**
 * Whether a file's content could be inspected. Every status other than {@link #OK} means the
 * findings are incomplete; policy decides what that means and it is never treated as clean.
 */
public enum InspectionStatus {
    /** Content was extracted and every detector ran over it. */
    OK,
    /** Password-protected or encrypted content. */
    ENCRYPTED,
    /** The file could not be parsed as the type its content claims. */
    CORRUPT,
    /** Larger than the configured limits allow to inspect. */
    TOO_LARGE,
    /** Inspection did not finish within its time limit. */
    TIMEOUT,
    /** A type the inspector has no extractor for. */
    UNSUPPORTED,
    /** The inspector itself failed (crash, I/O error). */
    ERROR;

    /** True when the findings cover the whole content. */
    public boolean isComplete() {
        return this == OK;
    }
}
