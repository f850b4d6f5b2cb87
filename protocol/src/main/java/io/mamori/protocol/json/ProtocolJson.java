package io.mamori.protocol.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mamori.protocol.InvalidFieldException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes protocol documents. Parsing is strict about what matters and tolerant about
 * what a newer peer may add: a missing required field, a wrong type, a duplicate key or trailing
 * garbage is refused with the field's path; a field this build does not know is ignored.
 */
public final class ProtocolJson {

    private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing required creator property '([^']+)'");
    private static final ObjectMapper MAPPER = newMapper();

    private ProtocolJson() {
    }

    /**
     * A mapper configured like the one used here, for frameworks that need their own instance
     * (the console's HTTP layer). Changing it does not affect this class.
     */
    public static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(ProtocolInstants.module()) // after JavaTimeModule: its Instant reader is replaced
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // An absent optional number or flag is 0 or false; required ones are checked by name.
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        // "5" is not a number and "true" is not a boolean in a protocol document.
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Gives a framework's own mapper (the console's HTTP layer binds request bodies with it) the
     * reading rules of protocol documents: duplicate keys and trailing content refused, times only
     * as ISO-8601 strings in range, no number for an enum, no text for a number or flag. How it
     * writes is left alone.
     */
    public static ObjectMapper strictReading(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.registerModule(ProtocolInstants.module());
        mapper.getFactory().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /**
     * What was wrong with a document a mapper configured by {@link #strictReading} could not read,
     * with the field's path, as {@link #read(byte[], Class)} would have said it.
     */
    public static ProtocolException refusal(Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof ProtocolException protocol) {
                return protocol;
            }
            if (cause instanceof JsonProcessingException jackson) {
                return translate(jackson);
            }
            if (cause instanceof InvalidFieldException invalid) {
                return new ProtocolException(invalid.field(), invalid.problem(), invalid);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        // a framework's syntax error that keeps only Jackson's text: its first line says what and where
        return new ProtocolException(null, "malformed JSON: " + firstLine(String.valueOf(failure.getMessage()))
                .replaceFirst("^Invalid JSON: ", ""), failure);
    }

    public static <T> T read(String json, Class<T> type) {
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            throw translateRuntime(e);
        }
    }

    public static <T> T read(InputStream json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            throw translateRuntime(e);
        }
    }

    /** A JSON tree, with the same syntax checks as {@link #read(byte[], Class)}. */
    public static JsonNode readTree(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new ProtocolException(null, "the document is empty", null);
            }
            return node;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            throw translateRuntime(e);
        }
    }

    /**
     * The JSON tree of a value exactly as a receiver would parse it from the written text (number
     * node types included), so trees made here and trees read from the wire compare equal.
     */
    public static JsonNode toTree(Object value) {
        return readTree(writeBytes(value));
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static ProtocolException translateRuntime(RuntimeException e) {
        if (e instanceof ProtocolException protocol) {
            return protocol;
        }
        if (e instanceof UncheckedIOException unchecked) {
            return translate(unchecked.getCause());
        }
        if (e instanceof IllegalArgumentException && e.getCause() instanceof IOException io) {
            return translate(io); // treeToValue wraps this way
        }
        throw e;
    }

    private static ProtocolException translate(IOException e) {
        if (e instanceof ValueInstantiationException instantiation) {
            String path = path(instantiation);
            Throwable cause = rootInvalidField(instantiation);
            if (cause instanceof InvalidFieldException invalid) {
                return new ProtocolException(join(path, invalid.field()), invalid.problem(), e);
            }
            String problem = cause != null && cause.getMessage() != null ? cause.getMessage() : "is not valid";
            return new ProtocolException(path, problem, e);
        }
        if (e instanceof InvalidFormatException format) {
            return new ProtocolException(path(format), describeBadValue(format), e);
        }
        if (e instanceof MismatchedInputException mismatch) {
            String path = path(mismatch);
            Matcher missing = MISSING_PROPERTY.matcher(String.valueOf(mismatch.getOriginalMessage()));
            if (missing.find()) {
                return new ProtocolException(join(path, missing.group(1)), "is required", e);
            }
            if (String.valueOf(mismatch.getOriginalMessage()).startsWith("Trailing token")) {
                return new ProtocolException(null, "malformed JSON: unexpected content after the document"
                        + at(mismatch.getLocation()), e);
            }
            Class<?> target = mismatch.getTargetType();
            String expected = target == null ? "a different kind of value" : describe(target);
            return new ProtocolException(path, "has the wrong type: expected " + expected, e);
        }
        if (e instanceof JsonMappingException mapping) {
            return new ProtocolException(path(mapping), firstLine(mapping.getOriginalMessage()), e);
        }
        if (e instanceof InputCoercionException coercion) {
            return new ProtocolException(fieldAt(coercion), "number out of range" + at(coercion.getLocation()), e);
        }
        if (e instanceof StreamReadException read) {
            return new ProtocolException(fieldAt(read), "malformed JSON: " + firstLine(read.getOriginalMessage())
                    + at(read.getLocation()), e);
        }
        return new ProtocolException(null, "cannot read the document: " + e.getMessage(), e);
    }

    private static Throwable rootInvalidField(Throwable e) {
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof InvalidFieldException) {
                return cause;
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                return cause;
            }
            cause = cause.getCause();
        }
        return null;
    }

    private static String describeBadValue(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        String value = String.valueOf(e.getValue());
        if (target != null && target.isEnum()) {
            return "'" + value + "' is not one of " + Arrays.toString(target.getEnumConstants());
        }
        return "'" + value + "' is not a valid " + describe(target);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == java.time.Instant.class) {
            return "UTC time such as 2026-11-23T09:30:00Z, between 1970 and 2999";
        }
        if (type == java.util.UUID.class) {
            return "UUID";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
            return "object";
        }
        return type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            }
        }
        return path.toString();
    }

    private static String fieldAt(StreamReadException e) {
        JsonParser parser = e.getProcessor();
        if (parser == null) {
            return null;
        }
        try {
            return parser.currentName();
        } catch (IOException | RuntimeException unavailable) {
            return null; // the location in the message still points at the problem
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * Appends a field to a path, unless the path already ends at it (Jackson's path sometimes
     * includes the property being read, sometimes only its parent).
     */
    private static String join(String path, String field) {
        if (path == null || path.isEmpty()) {
            return field;
        }
        if (path.equals(field) || path.endsWith("." + field)) {
            return path;
        }
        return field.startsWith("[") ? path + field : path + "." + field;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
