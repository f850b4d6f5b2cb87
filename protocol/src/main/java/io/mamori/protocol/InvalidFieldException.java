package io.mamori.protocol;

/**
 * A protocol value broke one of its own rules: a required field is missing, a hash is not
 * hexadecimal, a count is negative. Carries the field's name so that the JSON mapping can report
 * the full path ({@code events[2].file.sha256}) to whoever sent the document.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private final String field;

    public InvalidFieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The field's name within its own object, e.g. {@code sha256}. */
    public String field() {
        return field;
    }

    /** The problem without the field's name, e.g. {@code is required}. */
    public String problem() {
        String message = getMessage();
        return message.substring(field.length() + 2);
    }
}
