package io.mamori.protocol.json;

/**
 * A protocol document could not be read: it is not JSON, a required field is missing, or a value
 * breaks a rule. {@link #field()} is the path of the offending field ({@code events[2].file.sha256})
 * when there is one, so callers can answer with a 400 that says exactly what was wrong.
 */
public final class ProtocolException extends RuntimeException {

    private final String field;
    private final String problem;

    public ProtocolException(String field, String problem, Throwable cause) {
        super(field == null || field.isEmpty() ? problem : field + ": " + problem, cause);
        this.field = field == null || field.isEmpty() ? null : field;
        this.problem = problem;
    }

    /** The path of the offending field, or {@code null} when the whole document is at fault. */
    public String field() {
        return field;
    }

    /** The problem, without the field. */
    public String problem() {
        return problem;
    }
}
