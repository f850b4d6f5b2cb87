package io.mamori.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A person's graphical session for tests, as root (runs in CI): a test user ({@value #USER},
 * made if missing), and as that user an X server (Xvfb), a window manager (openbox), a D-Bus session bus, the desktop's
 * notification server (Debian's notification-daemon, which draws each notification in a window)
 * and a monitor that records every notification sent on the bus. The agent finds the session
 * the way it finds a real one: from the environment of the user's processes.
 */
public final class DesktopSession implements AutoCloseable {

    public static final String USER = "mamori-employee";
    private static final Path HOME = Path.of("/var/lib/mamori-employee");

    private final Path dir;
    private final int display;
    private final long uid;
    private final long gid;
    private final String lang;
    private final Path monitorLog;
    private final List<Process> processes = new ArrayList<>();

    private DesktopSession(Path dir, int display, long uid, long gid, String lang) {
        this.dir = dir;
        this.display = display;
        this.uid = uid;
        this.gid = gid;
        this.lang = lang;
        this.monitorLog = dir.resolve("notifications.log");
    }

    /**
     * Starts a session whose language is {@code lang} (e.g. {@code ja_JP.UTF-8}), its files in a
     * new folder under /tmp that the user owns.
     */
    public static DesktopSession start(String lang) throws Exception {
        Root.required("a desktop session of another user is started with setpriv");
        if (!uncheckedSucceeds("id", USER)) {
            Root.run("useradd", "--system", "--create-home", "--home-dir", HOME.toString(), "--shell", "/usr/sbin/nologin", USER);
        }
        long uid = Long.parseLong(Root.run("id", "-u", USER).strip());
        long gid = Long.parseLong(Root.run("id", "-g", USER).strip());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "mamori-desktop-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Root.run("chown", uid + ":" + gid, dir.toString());
        Path sockets = Path.of("/tmp/.X11-unix");
        Files.createDirectories(sockets);
        Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwxrwxrwx"));
        Root.run("chmod", "1777", sockets.toString());
        int display = 40;
        while (Files.exists(Path.of("/tmp/.X" + display + "-lock")) || Files.exists(sockets.resolve("X" + display))) {
            display++;
        }
        DesktopSession session = new DesktopSession(dir, display, uid, gid, lang);
        try {
            session.begin();
        } catch (Exception e) {
            session.close();
            throw e;
        }
        return session;
    }

    private void begin() throws Exception {
        processes.add(asUser(List.of("Xvfb", ":" + display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"), "xvfb.log"));
        Await.until("the X server is up", Duration.ofSeconds(20), () -> uncheckedSucceeds("xdpyinfo", "-display", ":" + display));
        // a window manager, as on any desktop: it gives the focus to the window a person (here: xdotool) activates
        processes.add(asUser(List.of("openbox", "--sm-disable"), "openbox.log"));
        Path bus = dir.resolve("bus");
        processes.add(asUser(List.of("dbus-daemon", "--session", "--nofork", "--address=unix:path=" + bus), "dbus.log"));
        Await.until("the session bus is up", Duration.ofSeconds(20), () -> Files.exists(bus));
        processes.add(asUser(List.of("dbus-monitor", "--session", "interface='org.freedesktop.Notifications',member='Notify'"),
                monitorLog.getFileName().toString()));
        processes.add(asUser(List.of("/usr/lib/notification-daemon/notification-daemon"), "notification-daemon.log"));
        Await.until("the notification server is on the bus", Duration.ofSeconds(20), () -> {
            try {
                return run(List.of("gdbus", "call", "--session", "--dest", "org.freedesktop.DBus", "--object-path",
                        "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.NameHasOwner", "org.freedesktop.Notifications"))
                        .contains("true");
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** The environment of a program in this session (what the agent reads from the user's processes). */
    public Map<String, String> environment() {
        Map<String, String> environment = new TreeMap<>();
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("HOME", HOME.toString());
        environment.put("USER", USER);
        environment.put("DISPLAY", ":" + display);
        environment.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + dir.resolve("bus"));
        environment.put("LANG", lang);
        return environment;
    }

    private Process asUser(List<String> command, String log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(as(command)).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        builder.environment().clear();
        builder.environment().putAll(environment());
        return builder.start();
    }

    private List<String> as(List<String> command) {
        List<String> as = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"));
        as.addAll(command);
        return as;
    }

    /** Runs a command as the user, in the session; its output, failing if it fails. */
    public String run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(as(command)).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    public long uid() {
        return uid;
    }

    public long gid() {
        return gid;
    }

    /** A folder of the session's own, which the user can read and write. */
    public Path folder() {
        return dir;
    }

    /** The ids of the visible windows whose title starts with {@code prefix} (plain letters and spaces). */
    public List<String> windows(String prefix) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("xdotool", "search", "--onlyvisible", "--name", "^" + prefix)
                .redirectErrorStream(true);
        builder.environment().put("DISPLAY", ":" + display);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output.lines().map(String::strip).filter(line -> line.matches("\\d+")).toList();
    }

    /** Runs xdotool on this display (focus, keys, typing), failing if it fails. */
    public void xdotool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("xdotool"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DISPLAY", ":" + display);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("xdotool " + String.join(" ", arguments) + " failed: " + output);
        }
    }

    /** A picture of one window, as PNG. */
    public void screenshot(String windowId, Path png) throws Exception {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Root.run("import", "-display", ":" + display, "-frame", "-window", windowId, png.toString());
    }

    /** The bodies of the notifications sent on the session bus so far, in order. */
    public List<String> notifications() throws IOException {
        List<String> bodies = new ArrayList<>();
        List<String> strings = null;
        for (String line : Files.readAllLines(monitorLog, StandardCharsets.UTF_8)) {
            if (line.startsWith("method call") && line.contains("member=Notify")) {
                if (strings != null && strings.size() >= 4) {
                    bodies.add(strings.get(3));
                }
                strings = new ArrayList<>();
            } else if (strings != null && line.strip().startsWith("string \"")) {
                String text = line.strip().substring("string \"".length());
                strings.add(text.endsWith("\"") ? text.substring(0, text.length() - 1) : text);
            }
        }
        if (strings != null && strings.size() >= 4) {
            bodies.add(strings.get(3));
        }
        return bodies;
    }

    /** The display's name, such as {@code :40}. */
    public String display() {
        return ":" + display;
    }

    private static boolean uncheckedSucceeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Root.run("rm", "-rf", "--one-file-system", dir.toString());
        } catch (Exception e) {
            throw new IllegalStateException("could not remove the session's folder " + dir, e);
        }
    }
}
