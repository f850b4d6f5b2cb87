package io.mamori.agent.store;

import io.mamori.protocol.json.ProtocolJson;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The name of one value in {@link AgentState} with its type: the code that writes it and the code
 * that reads it (the agent and {@code mamori agent status}, say) share the key, not a string. The
 * text form of each type is the one the agent has always written, so files of earlier versions
 * read the same.
 *
 * @param name   the row's name in {@code agent_state}
 * @param write  the value as stored
 * @param read   the stored text as a value; throws {@link IllegalArgumentException} (or a
 *               subclass) for text that is not one
 * @param <T>    the value's type
 */
public record StateKey<T>(String name, Function<T, String> write, Function<String, T> read) {

    public StateKey {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("a state key is a lower-case name with underscores, not '" + name + "'");
        }
    }

    public static StateKey<String> text(String name) {
        return new StateKey<>(name, Function.identity(), Function.identity());
    }

    public static StateKey<Boolean> flag(String name) {
        return new StateKey<>(name, value -> Boolean.toString(value), StateKey::parseFlag);
    }

    public static StateKey<Long> number(String name) {
        return new StateKey<>(name, value -> Long.toString(value), Long::parseLong);
    }

    public static StateKey<Instant> instant(String name) {
        return new StateKey<>(name, Instant::toString, text -> {
            try {
                return Instant.parse(text);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    /** A list of protocol values kept as a JSON array (strict protocol mapping). */
    public static <E> StateKey<List<E>> jsonList(String name, Class<E[]> arrayType) {
        return new StateKey<>(name, ProtocolJson::write, text -> {
            try {
                return List.of(ProtocolJson.read(text, arrayType));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    private static boolean parseFlag(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false");
        };
    }
}
