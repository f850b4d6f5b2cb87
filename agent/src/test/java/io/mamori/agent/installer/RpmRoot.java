package io.mamori.agent.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away system root for installing an .rpm for real on a Debian machine, scriptlets and
 * all: {@code rpm --root R} runs each scriptlet chrooted into R, so R must hold the programs the
 * scriptlets call. R borrows this machine's /usr through an overlay (its own writes — /usr/bin,
 * /usr/lib/systemd/system — land in an upper folder, the machine's /usr is never written), gets
 * copies of the few /etc files programs need, and /proc and /dev bound in. Every command runs in
 * a mount namespace of its own ({@code unshare -m}), so no mount outlives it, even if the test
 * dies; {@link #close()} deletes R. Needs root. The network is the machine's: a console on
 * loopback is reachable from the scriptlets.
 */
final class RpmRoot implements AutoCloseable {

    private static final List<String> ETC = List.of("passwd", "group", "shadow", "gshadow", "nsswitch.conf", "hosts",
            "ld.so.cache", "login.defs");

    private final Path base;
    private final Path root;
    private final Path upper;

    private RpmRoot(Path base) {
        this.base = base;
        this.root = base.resolve("root");
        this.upper = base.resolve("upper");
    }

    static RpmRoot create() throws Exception {
        RpmRoot created = new RpmRoot(Files.createTempDirectory("mamori-rpm-root"));
        Path root = created.root;
        for (String folder : List.of("usr", "proc", "dev", "tmp", "var/tmp", "etc", "var/lib/rpm")) {
            Files.createDirectories(root.resolve(folder));
        }
        Files.createDirectories(created.upper.resolve("usr"));
        Files.createDirectories(created.upper.resolve("work"));
        for (String link : List.of("bin", "sbin", "lib", "lib64")) {
            Files.createSymbolicLink(root.resolve(link), Path.of("usr", link));
        }
        for (String file : ETC) {
            Path source = Path.of("/etc", file);
            if (Files.exists(source)) {
                Files.copy(source, root.resolve("etc").resolve(file));
            }
        }
        // Debian's awk, and more, are /etc/alternatives links
        Commands.Result copied = Commands.run("cp", "-a", "/etc/alternatives", root.resolve("etc").toString());
        if (copied.code() != 0) {
            throw new IOException("cannot copy /etc/alternatives: " + copied.output());
        }
        Commands.run("chmod", "1777", root.resolve("tmp").toString(), root.resolve("var/tmp").toString());
        Commands.Result init = created.run(Map.of(), "rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm", "--initdb");
        if (init.code() != 0) {
            throw new IOException("rpm --initdb failed: " + init.output());
        }
        return created;
    }

    /** rpm against this root's database (arguments after {@code rpm --root R --dbpath /var/lib/rpm}). */
    Commands.Result rpm(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm"));
        command.addAll(List.of(arguments));
        return run(environment, command.toArray(String[]::new));
    }

    /** A command chrooted into this root, as the scriptlets are. */
    Commands.Result chrooted(Map<String, String> environment, String... command) throws Exception {
        List<String> chroot = new ArrayList<>(List.of("chroot", root.toString()));
        chroot.addAll(List.of(command));
        return run(environment, chroot.toArray(String[]::new));
    }

    private Commands.Result run(Map<String, String> environment, String... command) throws Exception {
        List<String> namespaced = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t overlay overlay -o lowerdir=/usr,upperdir=\"$1\",workdir=\"$2\" \"$3/usr\""
                        + " && mount --bind /proc \"$3/proc\" && mount --bind /dev \"$3/dev\" && shift 3 && exec \"$@\"",
                "sh", upper.resolve("usr").toString(), upper.resolve("work").toString(), root.toString()));
        namespaced.addAll(List.of(command));
        return Commands.run(namespaced, environment);
    }

    /** Where the file installed at {@code path} (absolute, as in the package) is seen from outside. */
    Path file(String path) {
        String relative = path.substring(1);
        return path.startsWith("/usr/") ? upper.resolve(relative) : root.resolve(relative);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(base)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
