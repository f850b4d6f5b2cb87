package io.mamori.agent.state;

import io.mamori.protocol.secrets.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the agent keeps everything it writes: its identity and secret, its signing key, the
 * operation log, the last good policy, its configuration. Owner-only ({@code 0700}); every
 * secret file in it is {@code 0600}. docs/agent.md lists the files.
 */
public final class StateDirectory {

    private final Path root;

    private StateDirectory(Path root) {
        this.root = root;
    }

    /**
     * The directory named on the command line, else {@code $MAMORI_AGENT_STATE}, else on Windows
     * {@code %ProgramData%\Mamori\agent} for the service (LocalSystem) and
     * {@code %LOCALAPPDATA%\Mamori\agent} for anyone else, on macOS
     * {@code /Library/Application Support/Mamori/agent} for the daemon (root) and
     * {@code ~/Library/Application Support/Mamori/agent} for anyone else, and elsewhere
     * {@code /var/lib/mamori/agent} for root and {@code ~/.local/share/mamori/agent} for anyone else.
     */
    public static Path locate(Path given) {
        return locate(given, System.getProperty("os.name"), System.getProperty("user.name"), System.getProperty("user.home"),
                System.getenv());
    }

    /** {@link #locate(Path)} for a given OS, account and environment. */
    static Path locate(Path given, String osName, String userName, String userHome, java.util.Map<String, String> env) {
        if (given != null) {
            return given.toAbsolutePath();
        }
        String configured = env.get("MAMORI_AGENT_STATE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        if (osName != null && osName.toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            if ("SYSTEM".equalsIgnoreCase(userName)) {
                // the service runs as LocalSystem; ProgramData is where Windows keeps machine-wide program data
                return Path.of(orElse(env.get("ProgramData"), "C:\\ProgramData"), "Mamori", "agent");
            }
            return Path.of(orElse(env.get("LOCALAPPDATA"), Path.of(userHome, "AppData", "Local").toString()), "Mamori", "agent");
        }
        if (osName != null && osName.toLowerCase(java.util.Locale.ROOT).startsWith("mac")) {
            // launchd's daemon runs as root; Application Support is where macOS keeps programs' own data
            if ("root".equals(userName)) {
                return Path.of("/Library/Application Support/Mamori/agent");
            }
            return Path.of(userHome, "Library", "Application Support", "Mamori", "agent");
        }
        if ("root".equals(userName)) {
            return Path.of("/var/lib/mamori/agent");
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".local", "share");
        return base.resolve("mamori").resolve("agent");
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** Opens (creating it owner-only if needed) the state directory at {@code root}. */
    public static StateDirectory open(Path root) throws IOException {
        return new StateDirectory(PrivateFiles.directory(root.toAbsolutePath()));
    }

    public Path root() {
        return root;
    }

    public Path identity() {
        return root.resolve("identity.json");
    }

    public Path signingKey() {
        return root.resolve("agent-key.pem");
    }

    public Path operationLog() {
        return root.resolve("oplog.db");
    }

    /** An enrollment asked for at install that has not succeeded yet ({@link PendingEnrollment}). */
    public Path pendingEnrollment() {
        return root.resolve("pending-enrollment.json");
    }

    public Path policy() {
        return root.resolve("policy.json");
    }

    public Path config() {
        return root.resolve("agent.yml");
    }

    /** The quarantine store's directory (io.mamori.agent.quarantine.QuarantineStore). */
    public Path quarantine() {
        return root.resolve("quarantine");
    }

    /** The key the inspection workers make the keys of people with (io.mamori.agent.state.PeopleKey). */
    public Path peopleKey() {
        return root.resolve("people.key");
    }

    /** The background indexer's classification cache (io.mamori.agent.index.FileIndex). */
    public Path fileIndex() {
        return root.resolve("index.db");
    }

    /** The SHA-256 of the uninstall token removal needs (io.mamori.agent.uninstall.UninstallToken). */
    public Path uninstallTokenHash() {
        return root.resolve("uninstall-token.sha256");
    }

    /** Refused removals waiting for the running agent to report them (io.mamori.agent.uninstall.RefusedRemovals). */
    public Path refusedRemovals() {
        return root.resolve("removal-refused");
    }

    /**
     * Takes the lock that keeps a second agent from running on the same state; empty if another
     * process holds it.
     */
    public FileLock lock() throws IOException {
        FileChannel channel = FileChannel.open(root.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
        }
        return lock;
    }
}
