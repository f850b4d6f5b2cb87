package io.mamori.agent.platform.linux;

import io.mamori.agent.platform.common.Programs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mamori.agent.testing.Root;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux probe against the real apt and dpkg of this machine, with pending upgrades made in a
 * controlled way: two synthetic packages are installed at version 1.0 with dpkg, and two local
 * file repositories offer 1.1 — one labelled as Debian's security archive ({@code bookworm-security}),
 * one as the main archive. apt is pointed at them with its own sources list, lists and cache
 * folders ({@code -o Dir::…}), so the system's apt state is not changed and the real sources are
 * never updated. Needs root (dpkg -i) and Debian's apt; runs in CI. The packages are removed after.
 */
class LinuxPatchStatusProbeTest {

    private static final String SECURITY_PACKAGE = "mamori-test-pkg";
    private static final String PLAIN_PACKAGE = "mamori-test-pkg-extra";

    @TempDir
    Path dir;

    private final List<String> installed = new ArrayList<>();

    @AfterEach
    void removeThePackages() throws Exception {
        if (!installed.isEmpty()) {
            List<String> purge = new ArrayList<>(List.of("dpkg", "--purge"));
            purge.addAll(installed);
            Root.run(purge.toArray(String[]::new));
        }
    }

    @Test
    void countsPendingUpgradesAndThoseFromTheSecurityArchive() throws Exception {
        Root.required("installs synthetic packages with dpkg");
        assumeTrue(Programs.installed("apt-get") && Programs.installed("dpkg-scanpackages"), "needs apt and dpkg-dev");
        for (String name : List.of(SECURITY_PACKAGE, PLAIN_PACKAGE)) {
            Path old = build(name, "1.0");
            Root.run("dpkg", "-i", old.toString());
            installed.add(name);
        }
        Path security = repository("security", SECURITY_PACKAGE, "Debian-Security", "bookworm-security");
        Path main = repository("main", PLAIN_PACKAGE, "Debian", "bookworm");
        List<String> options = aptOptions(security, main);

        List<String> update = new ArrayList<>(List.of("apt-get", "-q"));
        update.addAll(options);
        update.add("update");
        Root.run(update.toArray(String[]::new));

        PatchStatus status = new LinuxPatchStatusProbe(Path.of("/"), options, Clock.systemUTC()).measure();

        assertThat(status.error()).isNull();
        assertThat(status.source()).isEqualTo("apt");
        assertThat(status.osFamily()).isEqualTo(OsFamily.LINUX);
        assertThat(status.pendingUpdates()).isEqualTo(2);
        assertThat(status.pendingSecurityUpdates()).isEqualTo(1);
        assertThat(status.kernelRunning()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        if (Files.exists(Path.of("/etc/debian_version"))) {
            assertThat(status.osBuild()).isEqualTo(Files.readString(Path.of("/etc/debian_version")).strip());
        }

        // once installed, nothing is pending any more
        Root.run("dpkg", "-i", build(SECURITY_PACKAGE, "1.1").toString(), build(PLAIN_PACKAGE, "1.1").toString());
        PatchStatus after = new LinuxPatchStatusProbe(Path.of("/"), options, Clock.systemUTC()).measure();
        assertThat(after.error()).isNull();
        assertThat(after.pendingUpdates()).isZero();
        assertThat(after.pendingSecurityUpdates()).isZero();
    }

    @Test
    void anAptFailureIsReportedAsAnErrorNotAsNothingPending() throws Exception {
        assumeTrue(Programs.installed("apt-get"), "needs apt");
        // a sources list apt cannot read
        Path sources = Files.writeString(dir.resolve("broken.list"), "this is not a sources line\n");
        Path parts = Files.createDirectories(dir.resolve("parts"));
        List<String> options = List.of("-o", "Dir::Etc::sourcelist=" + sources, "-o", "Dir::Etc::sourceparts=" + parts,
                "-o", "Dir::State::Lists=" + Files.createDirectories(dir.resolve("lists/partial")).getParent(),
                "-o", "Dir::Cache=" + Files.createDirectories(dir.resolve("cache/archives/partial")).getParent().getParent());

        PatchStatus status = new LinuxPatchStatusProbe(Path.of("/"), options, Clock.systemUTC()).measure();

        assertThat(status.error()).contains("apt-get");
        assertThat(status.pendingUpdates()).isZero();
    }

    @Test
    void aNewerKernelInBootMeansARestartIsDue() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), "6.1.0-26-amd64\n");
        Files.createDirectories(root.resolve("boot"));
        Files.writeString(root.resolve("boot/vmlinuz-6.1.0-26-amd64"), "");
        Files.writeString(root.resolve("boot/vmlinuz-6.1.0-28-amd64"), "");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "NAME=\"Rocky Linux\"\nVERSION_ID=\"9.4\"\n");

        PatchStatus status = new LinuxPatchStatusProbe(root, List.of(), Clock.systemUTC()).measure();

        assertThat(status.kernelRunning()).isEqualTo("6.1.0-26-amd64");
        assertThat(status.kernelInstalled()).isEqualTo("6.1.0-28-amd64");
        assertThat(status.rebootRequired()).isTrue();
        assertThat(status.rebootRequiredSince()).isNotNull();
        assertThat(status.osBuild()).isEqualTo("9.4");
    }

    private Path build(String name, String version) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("build/" + name + "-" + version + "/DEBIAN"));
        Files.writeString(tree.resolve("control"), "Package: " + name + "\nVersion: " + version + "\nArchitecture: all\n"
                + "Maintainer: Mamori tests <tests@example.invalid>\nDescription: synthetic package for the patch-status test\n");
        Path deb = dir.resolve(name + "_" + version + "_all.deb");
        Root.run("dpkg-deb", "--root-owner-group", "-Zgzip", "--build", tree.getParent().toString(), deb.toString());
        return deb;
    }

    /** A flat repository offering {@code name} 1.1, with a Release file naming its label and suite. */
    private Path repository(String folder, String name, String label, String suite) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo/" + folder));
        Files.copy(build(name, "1.1"), repo.resolve(name + "_1.1_all.deb"));
        Process scan = new ProcessBuilder(Programs.find("dpkg-scanpackages"), "-m", ".", "/dev/null").directory(repo.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] packages = scan.getInputStream().readAllBytes();
        assertThat(scan.waitFor()).isZero();
        Files.write(repo.resolve("Packages"), packages);
        String date = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT)
                .format(Instant.now().atOffset(ZoneOffset.UTC));
        Files.writeString(repo.resolve("Release"), "Origin: Debian\nLabel: " + label + "\nSuite: " + suite + "\nVersion: 12\n"
                + "Codename: " + suite + "\nDate: " + date + "\nArchitectures: all amd64\nSHA256:\n "
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(packages)) + " " + packages.length
                + " Packages\n", StandardCharsets.UTF_8);
        return repo;
    }

    /** apt's own sources, lists and cache in the temporary folder: the system's apt state stays as it was. */
    private List<String> aptOptions(Path... repositories) throws IOException {
        StringBuilder sources = new StringBuilder();
        for (Path repo : repositories) {
            sources.append("deb [trusted=yes] file:").append(repo).append(" ./\n");
        }
        Path list = Files.writeString(dir.resolve("sources.list"), sources.toString());
        Path parts = Files.createDirectories(dir.resolve("sources.list.d"));
        Path lists = Files.createDirectories(dir.resolve("lists/partial")).getParent();
        Path cache = Files.createDirectories(dir.resolve("cache/archives/partial")).getParent().getParent();
        return List.of("-o", "Dir::Etc::sourcelist=" + list, "-o", "Dir::Etc::sourceparts=" + parts,
                "-o", "Dir::State::Lists=" + lists, "-o", "Dir::Cache=" + cache, "-o", "APT::Sandbox::User=root");
    }
}
