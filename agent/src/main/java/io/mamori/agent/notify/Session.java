package io.mamori.agent.notify;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A person's graphical session on this machine: who, and the environment that reaches their desktop.
 *
 * @param uid         their user id
 * @param gid         their primary group id
 * @param user        their user name
 * @param home        their home folder
 * @param environment what a program started for them needs ({@link #PASSED}): display, session bus, language
 */
public record Session(long uid, long gid, String user, Path home, Map<String, String> environment) {

    /** The variables taken from the session to the programs the agent starts in it. */
    public static final List<String> PASSED = List.of("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "DBUS_SESSION_BUS_ADDRESS",
            "XDG_RUNTIME_DIR", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES");

    public Session {
        environment = Map.copyOf(environment);
    }

    /** Japanese when the session's language is Japanese, English otherwise. */
    public Locale locale() {
        for (String name : List.of("LC_ALL", "LC_MESSAGES", "LANG")) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return value.toLowerCase(Locale.ROOT).startsWith("ja") ? Locale.JAPANESE : Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }
}
