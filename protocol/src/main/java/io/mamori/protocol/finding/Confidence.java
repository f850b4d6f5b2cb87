package io.mamori.protocol.finding;

/**
 * How sure a detector is that a finding is what its type says. A checksum-valid identifier
 * reaches {@link #HIGH} only with a supporting keyword nearby; see docs/detectors.md.
 */
public enum Confidence {
    LOW,
    MEDIUM,
    HIGH;

    public boolean isAtLeast(Confidence other) {
        return compareTo(other) >= 0;
    }
}
