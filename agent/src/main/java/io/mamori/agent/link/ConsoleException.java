package io.mamori.agent.link;

import java.time.Duration;

/**
 * A call to the console that did not succeed, with what kind of failure it was: whether to try
 * again later, and how soon the console asked to be left alone.
 */
public final class ConsoleException extends Exception {

    /** What went wrong, as far as what to do next is concerned. */
    public enum Kind {
        /** No connection, a timeout: try again later. */
        UNREACHABLE,
        /** The console's certificate did not verify: nothing is sent until that is fixed. */
        UNTRUSTED,
        /** 401: the secret is wrong or revoked. */
        UNAUTHORIZED,
        /** 429 or 5xx: try again after {@link #retryAfter()} or a back-off. */
        BUSY,
        /** Any other 4xx: this request will never succeed as it is. */
        REFUSED,
        /** The answer was not what the protocol says. */
        PROTOCOL
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    public ConsoleException(Kind kind, int status, Duration retryAfter, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** The console's Retry-After, if it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
