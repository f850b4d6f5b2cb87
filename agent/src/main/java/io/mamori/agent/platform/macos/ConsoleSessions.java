package io.mamori.agent.platform.macos;

import io.mamori.agent.platform.common.Programs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GUI login sessions of a Mac, from the System Configuration dynamic store:
 * {@code show State:/Users/ConsoleUser} given to {@code scutil}. Its {@code SessionInfo} array
 * lists every GUI session; the one with {@code kCGSSessionOnConsoleKey : TRUE} has the screen.
 * The top-level {@code Name}/{@code UID} are read only when there is no array: public reports say
 * they can name the last user to log in rather than the one on screen, and that the owner of
 * {@code /dev/console} can be wrong the same way (Apple's QA1133 also warns this store assumes one
 * console). Root and {@code loginwindow} are nobody. Not run on a Mac by this project: the parser
 * is tested with outputs written after published examples.
 */
class ConsoleSessions {

    private static final Duration LIMIT = Duration.ofSeconds(5);

    /** The sessions now; fails when {@code scutil} cannot be run. */
    List<MacSession> now() throws IOException {
        String output = Programs.run(List.of("/bin/sh", "-c", "echo 'show State:/Users/ConsoleUser' | /usr/sbin/scutil"),
                Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin", "LC_ALL", "C"), LIMIT);
        return parse(output);
    }

    /** The sessions in {@code scutil}'s text; none for "No such key" or anything else unreadable. */
    static List<MacSession> parse(String output) {
        List<Map<String, String>> entries = new ArrayList<>();
        Map<String, String> top = new LinkedHashMap<>();
        Map<String, String> entry = null;
        int depth = 0;
        boolean inSessions = false;
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.endsWith("{")) {
                depth++;
                if (line.startsWith("SessionInfo :")) {
                    inSessions = true;
                } else if (inSessions && depth == 3) {
                    entry = new LinkedHashMap<>();
                }
                continue;
            }
            if (line.equals("}")) {
                if (entry != null && depth == 3) {
                    entries.add(entry);
                    entry = null;
                } else if (inSessions && depth == 2) {
                    inSessions = false;
                }
                depth = Math.max(0, depth - 1);
                continue;
            }
            int colon = line.indexOf(" : ");
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 3).strip();
            if (entry != null) {
                entry.put(key, value);
            } else if (depth == 1) {
                top.put(key, value);
            }
        }
        List<MacSession> sessions = new ArrayList<>();
        for (Map<String, String> found : entries) {
            session(found.get("kCGSSessionUserIDKey"), found.get("kCGSSessionUserNameKey"),
                    "TRUE".equals(found.get("kCGSSessionOnConsoleKey"))).ifPresent(sessions::add);
        }
        if (entries.isEmpty()) {
            session(top.get("UID"), top.get("Name"), true).ifPresent(sessions::add);
        }
        return List.copyOf(sessions);
    }

    private static java.util.Optional<MacSession> session(String uid, String name, boolean onConsole) {
        if (uid == null || name == null || name.isBlank() || name.equals("loginwindow") || name.equals("root")) {
            return java.util.Optional.empty();
        }
        try {
            long id = Long.parseLong(uid);
            return id <= 0 ? java.util.Optional.empty() : java.util.Optional.of(new MacSession(id, name, onConsole));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
