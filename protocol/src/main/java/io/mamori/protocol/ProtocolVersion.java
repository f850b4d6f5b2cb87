package io.mamori.protocol;

/**
 * The agent–console protocol version. The API lives under {@code /api/v1}; signed policy
 * documents carry {@code "format": 1}. See docs/protocol.md for what may change within a version.
 */
public final class ProtocolVersion {

    /** The version this build speaks. */
    public static final int CURRENT = 1;

    /** The path prefix of every API call of this version. */
    public static final String API_PREFIX = "/api/v" + CURRENT;

    private ProtocolVersion() {
    }
}
