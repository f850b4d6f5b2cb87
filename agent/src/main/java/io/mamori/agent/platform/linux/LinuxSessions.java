package io.mamori.agent.platform.linux;

import io.mamori.agent.platform.common.Programs;
import io.mamori.agent.notify.Session;
import io.mamori.agent.notify.Sessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graphical sessions on a Linux machine. Where systemd-logind runs, its local, active or online
 * x11/wayland sessions say who is logged in at the screen ({@code loginctl}); the environment that
 * reaches each person's desktop (display, session bus, language) is read from their own processes
 * ({@code /proc/<pid>/environ}, readable by root), since the session leader does not carry it.
 * Without logind, every non-root user with a process that has a display is taken as logged in.
 * Root's own sessions are not told: the agent's service account is not an employee.
 */
public final class LinuxSessions implements Sessions {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxSessions.class);
    private static final Duration TIME_LIMIT = Duration.ofSeconds(5);

    private final Path proc;
    private final Path logindSeats;
    private final Path runUser;

    public LinuxSessions() {
        this(Path.of("/proc"), Path.of("/run/systemd/seats"), Path.of("/run/user"));
    }

    LinuxSessions(Path proc, Path logindSeats, Path runUser) {
        this.proc = proc;
        this.logindSeats = logindSeats;
        this.runUser = runUser;
    }

    @Override
    public List<Session> graphical() {
        Optional<Set<Long>> atTheScreen = Files.isDirectory(logindSeats) ? logindUsers() : Optional.empty();
        List<Session> sessions = new ArrayList<>();
        for (Map.Entry<Long, Map<String, String>> found : environments(proc).entrySet()) {
            long uid = found.getKey();
            if (uid == 0 || atTheScreen.isPresent() && !atTheScreen.get().contains(uid)) {
                continue;
            }
            Optional<Account> account = account(uid);
            if (account.isEmpty()) {
                LOG.debug("user {} has a display but no account entry; not told", uid);
                continue;
            }
            Map<String, String> environment = new HashMap<>(found.getValue());
            Path bus = runUser.resolve(Long.toString(uid)).resolve("bus");
            if (!environment.containsKey("DBUS_SESSION_BUS_ADDRESS") && Files.exists(bus)) {
                environment.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + bus); // systemd's user bus
            }
            sessions.add(new Session(uid, account.get().gid(), account.get().name(), account.get().home(), environment));
        }
        return sessions;
    }

    /** The users logind has a local graphical session for; empty when logind cannot be asked. */
    private Optional<Set<Long>> logindUsers() {
        try {
            String loginctl = Programs.find("loginctl");
            List<String> ids = sessionIds(Programs.run(List.of(loginctl, "list-sessions", "--no-legend", "--no-pager"), TIME_LIMIT));
            if (ids.isEmpty()) {
                return Optional.of(Set.of());
            }
            List<String> command = new ArrayList<>(List.of(loginctl, "show-session", "--no-pager", "-p", "Id", "-p", "User",
                    "-p", "Type", "-p", "Class", "-p", "State", "-p", "Remote"));
            command.addAll(ids);
            return Optional.of(graphicalUsers(Programs.run(command, TIME_LIMIT)));
        } catch (IOException e) {
            LOG.debug("logind cannot be asked ({}); every user with a display is taken as logged in", e.getMessage());
            return Optional.empty();
        }
    }

    /** The session ids of {@code loginctl list-sessions --no-legend}: the first word of each line whose second is a user id. */
    static List<String> sessionIds(String listSessions) {
        List<String> ids = new ArrayList<>();
        for (String line : listSessions.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].matches("[A-Za-z0-9_.-]{1,64}") && words[1].matches("\\d+")) { // id, then uid
                ids.add(words[0]);
            }
        }
        return ids;
    }

    /**
     * The user ids of the sessions in {@code loginctl show-session} output (blocks of
     * {@code Name=value} lines, one block per session, separated by blank lines) that are local
     * graphical sessions of a person, active or online.
     */
    static Set<Long> graphicalUsers(String showSession) {
        Set<Long> users = new HashSet<>();
        for (String block : showSession.split("\n\\s*\n")) {
            Map<String, String> session = new HashMap<>();
            for (String line : block.split("\n")) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    session.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
            String type = session.getOrDefault("Type", "");
            String state = session.getOrDefault("State", "");
            boolean graphical = type.equals("x11") || type.equals("wayland") || type.equals("mir");
            boolean person = session.getOrDefault("Class", "user").equals("user");
            boolean local = !session.getOrDefault("Remote", "no").equals("yes");
            boolean here = state.equals("active") || state.equals("online");
            if (graphical && person && local && here) {
                try {
                    users.add(Long.parseLong(session.getOrDefault("User", "")));
                } catch (NumberFormatException e) {
                    LOG.debug("a session without a numeric user: {}", session);
                }
            }
        }
        return users;
    }

    /**
     * For each user with a process that has a display ({@code DISPLAY} or {@code WAYLAND_DISPLAY}),
     * the environment of one such process: one with a session bus too if any, the oldest (lowest
     * process id) among equals. Processes that end while they are read are skipped.
     */
    static Map<Long, Map<String, String>> environments(Path proc) {
        Map<Long, Map<String, String>> best = new TreeMap<>();
        Map<Long, Integer> bestScore = new HashMap<>();
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, entry -> entry.getFileName().toString().matches("\\d+"))) {
            entries.forEach(entry -> pids.add(Long.parseLong(entry.getFileName().toString())));
        } catch (IOException e) {
            LOG.warn("cannot list processes in {}: {}", proc, e.getMessage());
            return best;
        }
        pids.sort(null);
        for (long pid : pids) {
            Path dir = proc.resolve(Long.toString(pid));
            try {
                OptionalLong uid = realUid(Files.readString(dir.resolve("status"), StandardCharsets.UTF_8));
                if (uid.isEmpty()) {
                    continue;
                }
                Map<String, String> environment = environ(Files.readAllBytes(dir.resolve("environ")));
                if (!environment.containsKey("DISPLAY") && !environment.containsKey("WAYLAND_DISPLAY")) {
                    continue;
                }
                int score = environment.containsKey("DBUS_SESSION_BUS_ADDRESS") ? 2 : 1;
                if (score > bestScore.getOrDefault(uid.getAsLong(), 0)) {
                    Map<String, String> kept = new LinkedHashMap<>();
                    for (String name : Session.PASSED) {
                        if (environment.containsKey(name)) {
                            kept.put(name, environment.get(name));
                        }
                    }
                    best.put(uid.getAsLong(), kept);
                    bestScore.put(uid.getAsLong(), score);
                }
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile, or is a kernel thread: nothing to read
            }
        }
        return best;
    }

    /** The real user id from a {@code /proc/<pid>/status}: the first number of its {@code Uid:} line. */
    static OptionalLong realUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).strip().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(ids[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The variables of a {@code /proc/<pid>/environ}: NUL-separated {@code NAME=value}; malformed entries are skipped. */
    static Map<String, String> environ(byte[] bytes) {
        Map<String, String> environment = new HashMap<>();
        for (String entry : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.putIfAbsent(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return environment;
    }

    /** A user account: name, primary group, home. */
    record Account(String name, long gid, Path home) {
    }

    /** From the system's user database ({@code getent}, so directory users of a company laptop are found too). */
    private static Optional<Account> account(long uid) {
        try {
            return passwdLine(Programs.run(List.of(Programs.find("getent"), "passwd", Long.toString(uid)), TIME_LIMIT));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** One line of {@code /etc/passwd} form: {@code name:password:uid:gid:gecos:home:shell}. */
    static Optional<Account> passwdLine(String line) {
        String[] fields = line.strip().split(":", -1);
        if (fields.length < 7 || fields[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Account(fields[0], Long.parseLong(fields[3]), Path.of(fields[5].isEmpty() ? "/" : fields[5])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
