package io.mamori.console.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The differences between two policy documents, as a reviewer reads them: rules, override reasons
 * and custom detectors are matched by their id (or name), so moving or inserting a rule shows as
 * that rule added, not as every later rule changed. Paths look like
 * {@code rules[id=block-personal-high].action}.
 */
public final class PolicyDiff {

    /** One difference; {@code before} is absent for ADDED and {@code after} for REMOVED. */
    public record Change(String path, Kind kind, JsonNode before, JsonNode after) {
    }

    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED
    }

    /** Fields that change with every version and say nothing about what the policy does. */
    private static final Set<String> IGNORED = Set.of("version", "issuedAt");

    private PolicyDiff() {
    }

    public static List<Change> between(JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        compare("", before, after, changes, true);
        return changes;
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<Change> out, boolean top) {
        if (before == null || before.isNull() || before.isMissingNode()) {
            if (after != null && !after.isNull() && !after.isMissingNode()) {
                out.add(new Change(path, Kind.ADDED, null, after));
            }
            return;
        }
        if (after == null || after.isNull() || after.isMissingNode()) {
            out.add(new Change(path, Kind.REMOVED, before, null));
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> names = new TreeSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (top && IGNORED.contains(name)) {
                    continue;
                }
                compare(path.isEmpty() ? name : path + "." + name, before.get(name), after.get(name), out, false);
            }
            return;
        }
        if (before.isArray() && after.isArray()) {
            String key = identity(before, after);
            if (key != null) {
                compareByKey(path, key, before, after, out);
            } else if (!before.equals(after)) {
                compareByIndex(path, before, after, out);
            }
            return;
        }
        if (!before.equals(after)) {
            out.add(new Change(path, Kind.CHANGED, before, after));
        }
    }

    private static void compareByKey(String path, String key, JsonNode before, JsonNode after, List<Change> out) {
        Map<String, JsonNode> old = byKey(before, key);
        Map<String, JsonNode> now = byKey(after, key);
        Set<String> keys = new LinkedHashSet<>(old.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            compare(path + "[" + key + "=" + k + "]", old.get(k), now.get(k), out, false);
        }
        List<String> oldOrder = new ArrayList<>(old.keySet());
        oldOrder.retainAll(now.keySet());
        List<String> newOrder = new ArrayList<>(now.keySet());
        newOrder.retainAll(old.keySet());
        if (!oldOrder.equals(newOrder)) {
            out.add(new Change(path + " (order)", Kind.CHANGED, ids(oldOrder), ids(newOrder)));
        }
    }

    private static void compareByIndex(String path, JsonNode before, JsonNode after, List<Change> out) {
        int size = Math.max(before.size(), after.size());
        for (int i = 0; i < size; i++) {
            compare(path + "[" + i + "]", before.get(i), after.get(i), out, false);
        }
    }

    /** "id" or "name" when every element of both arrays is an object with a distinct text value for it. */
    private static String identity(JsonNode before, JsonNode after) {
        for (String key : List.of("id", "name")) {
            if (keyed(before, key) && keyed(after, key)) {
                return key;
            }
        }
        return null;
    }

    private static boolean keyed(JsonNode array, String key) {
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode element : array) {
            if (!element.isObject() || !element.path(key).isTextual() || !seen.add(element.get(key).asText())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byKey(JsonNode array, String key) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext();) {
            JsonNode element = it.next();
            map.put(element.get(key).asText(), element);
        }
        return map;
    }

    private static JsonNode ids(List<String> ids) {
        var array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        ids.forEach(array::add);
        return array;
    }
}
