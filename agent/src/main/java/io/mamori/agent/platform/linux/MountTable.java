package io.mamori.agent.platform.linux;

import io.mamori.agent.media.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mounts of {@code /proc/self/mountinfo}, parsed, and what changed between two readings.
 * Parsing is strict about the fields proc(5) guarantees and tolerant of the optional ones, whose
 * number varies ({@code shared:N}, {@code master:N}, …) and which end at a lone {@code -}.
 */
final class MountTable {

    private final Map<Integer, Mount> byId;

    private MountTable(Map<Integer, Mount> byId) {
        this.byId = byId;
    }

    static MountTable parse(String mountinfo) {
        Map<Integer, Mount> mounts = new LinkedHashMap<>();
        int number = 0;
        for (String line : mountinfo.split("\n")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Mount mount = parseLine(line, number);
            mounts.put(mount.mountId(), mount);
        }
        return new MountTable(mounts);
    }

    private static Mount parseLine(String line, int number) {
        String[] fields = line.trim().split(" ");
        int separator = Arrays.asList(fields).indexOf("-");
        if (fields.length < 10 || separator < 6 || separator + 2 >= fields.length) {
            throw new IllegalArgumentException("mountinfo line " + number + " does not have the fields proc(5) describes: " + line);
        }
        try {
            return new Mount(Integer.parseInt(fields[0]), fields[2], Path.of(unescape(fields[4])),
                    List.of(fields[5].split(",")), unescape(fields[separator + 1]), unescape(fields[separator + 2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mountinfo line " + number + " has no numeric mount id: " + line, e);
        }
    }

    /** proc(5) escapes space, tab, newline and backslash as three octal digits: {@code \040}. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    List<Mount> mounts() {
        return List.copyOf(byId.values());
    }

    /** Mounts in {@code this} that {@code before} did not have (by mount id: a remount keeps its id). */
    List<Mount> addedSince(MountTable before) {
        List<Mount> added = new ArrayList<>();
        byId.forEach((id, mount) -> {
            if (!before.byId.containsKey(id)) {
                added.add(mount);
            }
        });
        return added;
    }

    /** Mounts {@code before} had that {@code this} has not. */
    List<Mount> removedSince(MountTable before) {
        return before.addedSince(this);
    }

    /** Mounts present in both whose options changed (a remount read-only, say). */
    List<Mount> remountedSince(MountTable before) {
        List<Mount> changed = new ArrayList<>();
        byId.forEach((id, mount) -> {
            Mount old = before.byId.get(id);
            if (old != null && !old.options().equals(mount.options())) {
                changed.add(mount);
            }
        });
        return changed;
    }
}
