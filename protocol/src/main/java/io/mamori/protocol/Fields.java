package io.mamori.protocol;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The checks protocol records run in their constructors. Every failure names the field, so a
 * document from outside is rejected with a message that says exactly what was wrong.
 */
public final class Fields {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Fields() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
        return value;
    }

    public static String requiredText(String value, String field, int maxLength) {
        required(value, field);
        if (value.isBlank()) {
            throw new InvalidFieldException(field, "must not be blank");
        }
        return optionalText(value, field, maxLength);
    }

    public static String optionalText(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new InvalidFieldException(field, "is longer than " + maxLength + " characters");
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new InvalidFieldException(field, "must not be negative (was " + value + ")");
        }
        return value;
    }

    public static int atLeast(int value, int minimum, String field) {
        if (value < minimum) {
            throw new InvalidFieldException(field, "must be at least " + minimum + " (was " + value + ")");
        }
        return value;
    }

    public static Integer optionalAtLeast(Integer value, int minimum, String field) {
        return value == null ? null : atLeast(value, minimum, field);
    }

    /** A lowercase hexadecimal SHA-256 digest; upper case is accepted and folded. */
    public static String sha256(String value, String field) {
        required(value, field);
        return optionalSha256(value, field);
    }

    public static String optionalSha256(String value, String field) {
        if (value == null) {
            return null;
        }
        String folded = value.toLowerCase(Locale.ROOT);
        if (!HEX_SHA256.matcher(folded).matches()) {
            throw new InvalidFieldException(field, "must be a SHA-256 digest: 64 hexadecimal characters");
        }
        return folded;
    }

    public static String matching(String value, Pattern pattern, String field, String expected) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw new InvalidFieldException(field, "must be " + expected);
        }
        return value;
    }

    /** An immutable copy; a missing list is an empty list, a list with a null element is refused. */
    public static <T> List<T> list(List<T> value, String field, int maxSize) {
        if (value == null) {
            return List.of();
        }
        checkSize(value, field, maxSize);
        return List.copyOf(value);
    }

    public static <T> List<T> nonEmptyList(List<T> value, String field, int maxSize) {
        List<T> copy = list(value, field, maxSize);
        if (copy.isEmpty()) {
            throw new InvalidFieldException(field, "must contain at least one entry");
        }
        return copy;
    }

    /**
     * An immutable copy in a fixed order (natural order for comparable elements, such as enums by
     * declaration), so that the same set is always written the same way.
     */
    public static <T> Set<T> set(Collection<T> value, String field, int maxSize) {
        if (value == null) {
            return Set.of();
        }
        checkSize(value, field, maxSize);
        return Collections.unmodifiableSet(new TreeSet<>(value));
    }

    /** An immutable copy ordered by key, so that the same map is always written the same way. */
    public static <K, V> Map<K, V> map(Map<K, V> value, String field, int maxSize) {
        if (value == null) {
            return Map.of();
        }
        if (value.size() > maxSize) {
            throw new InvalidFieldException(field, "has more than " + maxSize + " entries");
        }
        for (Map.Entry<K, V> entry : value.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new InvalidFieldException(field, "must not contain null keys or values");
            }
        }
        return Collections.unmodifiableMap(new TreeMap<>(value));
    }

    private static void checkSize(Collection<?> value, String field, int maxSize) {
        if (value.size() > maxSize) {
            throw new InvalidFieldException(field, "has more than " + maxSize + " entries");
        }
        int index = 0;
        for (Object element : value) {
            if (element == null) {
                throw new InvalidFieldException(field + "[" + index + "]", "must not be null");
            }
            index++;
        }
    }
}
