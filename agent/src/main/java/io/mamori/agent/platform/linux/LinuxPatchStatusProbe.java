package io.mamori.agent.platform.linux;

import io.mamori.agent.platform.common.Programs;
import io.mamori.agent.patch.AptOutput;
import io.mamori.agent.patch.DnfOutput;
import io.mamori.agent.patch.AbstractPatchStatusProbe;
import io.mamori.agent.patch.PatchStatusBuilder;
import io.mamori.agent.patch.PendingUpdates;
import io.mamori.agent.patch.UnreadableOutputException;
import io.mamori.protocol.patch.OsFamily;
import io.mamori.protocol.patch.PatchCompliance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The patch level of a Linux machine. Debian/Ubuntu: apt's own simulation of an upgrade
 * ({@code apt-get -s dist-upgrade}; Ubuntu's {@code apt-check} where installed) against the
 * package lists apt's daily timer keeps — the agent never runs {@code apt-get update} — and
 * {@code /var/run/reboot-required}. RHEL/Fedora: {@code dnf check-update} and
 * {@code updateinfo list --security} from dnf's cache (kept by {@code dnf-makecache.timer}) and
 * {@code needs-restarting -r}. Everywhere: the running kernel against the newest in
 * {@code /boot} (a newer one installed means a restart is due), and the OS version from
 * {@code /etc/os-release} (Debian: {@code /etc/debian_version}). Every program runs with
 * {@code LC_ALL=C} and a time limit.
 */
final class LinuxPatchStatusProbe extends AbstractPatchStatusProbe {

    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final Map<String, String> ENVIRONMENT = Map.of("LC_ALL", "C", "LANG", "C",
            "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND", "noninteractive");

    private final Path root;
    private final List<String> aptOptions;

    /**
     * @param root       where the system's files are ({@code /}; a test's copy otherwise)
     * @param aptOptions extra {@code -o} options for apt (tests point apt at their own sources and lists)
     */
    LinuxPatchStatusProbe(Path root, List<String> aptOptions, Clock clock) {
        super(OsFamily.LINUX, null, clock);
        this.root = root;
        this.aptOptions = List.copyOf(aptOptions);
    }

    @Override
    protected void read(PatchStatusBuilder status) throws IOException, UnreadableOutputException {
        status.osBuild(osBuild());
        String running = firstLine(root.resolve("proc/sys/kernel/osrelease"));
        Kernel installed = newestKernel();
        status.kernels(running, installed == null ? null : installed.version());
        Instant rebootSince = modified(root.resolve("var/run/reboot-required"));
        boolean newerKernel = running != null && installed != null && PatchCompliance.compareBuilds(installed.version(), running) > 0;
        if (rebootSince == null && newerKernel) {
            rebootSince = installed.since();
        }
        status.rebootRequired(rebootSince != null || newerKernel, rebootSince);
        if (Programs.installed("apt-get")) {
            status.source("apt").pending(apt());
        } else if (Programs.installed("dnf")) {
            status.source("dnf").pending(dnf());
            if (!status.rebootRequired() && dnfRestartNeeded()) {
                status.rebootRequired(true, null);
            }
        } else {
            status.failed("neither apt nor dnf is installed: this agent reads the patch level through one of them");
        }
    }

    private PendingUpdates apt() throws IOException, UnreadableOutputException {
        Path aptCheck = Path.of("/usr/lib/update-notifier/apt-check");
        if (aptOptions.isEmpty() && Files.isExecutable(aptCheck)) {
            return AptOutput.aptCheck(Programs.run(List.of(aptCheck.toString()), ENVIRONMENT, LIMIT));
        }
        List<String> command = new ArrayList<>(List.of(Programs.find("apt-get"), "-s", "-q", "-o", "Debug::NoLocking=true"));
        command.addAll(aptOptions);
        command.add("dist-upgrade");
        Programs.Finished finished = Programs.finish(command, ENVIRONMENT, LIMIT);
        if (finished.exitCode() != 0) {
            throw new UnreadableOutputException("apt-get", "failed (exit " + finished.exitCode() + ")", lastError(finished.output()));
        }
        return AptOutput.simulatedUpgrade(finished.output());
    }

    private PendingUpdates dnf() throws IOException, UnreadableOutputException {
        String dnf = Programs.find("dnf");
        Programs.Finished check = Programs.finish(List.of(dnf, "-q", "--cacheonly", "check-update"), ENVIRONMENT, LIMIT);
        PendingUpdates updates = DnfOutput.checkUpdate(check.exitCode(), check.output());
        Programs.Finished security = Programs.finish(List.of(dnf, "-q", "--cacheonly", "updateinfo", "list", "--security"),
                ENVIRONMENT, LIMIT);
        if (security.exitCode() != 0) {
            throw new UnreadableOutputException("dnf updateinfo", "failed (exit " + security.exitCode() + ")", security.output());
        }
        return DnfOutput.combined(updates, DnfOutput.securityPackages(security.output()));
    }

    private boolean dnfRestartNeeded() throws IOException, UnreadableOutputException {
        List<String> command = Programs.installed("needs-restarting") ? List.of(Programs.find("needs-restarting"), "-r")
                : List.of(Programs.find("dnf"), "-q", "--cacheonly", "needs-restarting", "-r");
        Programs.Finished finished = Programs.finish(command, ENVIRONMENT, LIMIT);
        return DnfOutput.restartNeeded(finished.exitCode(), finished.output());
    }

    /** Debian's point release (12.12) where there is one, else os-release's VERSION_ID. */
    private String osBuild() {
        String debian = firstLine(root.resolve("etc/debian_version"));
        if (debian != null && debian.matches("[0-9][0-9.]{0,20}")) {
            return debian;
        }
        try {
            for (String line : Files.readAllLines(root.resolve("etc/os-release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VERSION_ID=")) {
                    return line.substring("VERSION_ID=".length()).replace("\"", "").strip();
                }
            }
        } catch (IOException e) {
            // no os-release: the version is unknown
        }
        return debian;
    }

    private record Kernel(String version, Instant since) {
    }

    /** The newest {@code /boot/vmlinuz-<version>}; null where /boot holds none (containers, some cloud images). */
    private Kernel newestKernel() {
        Kernel newest = null;
        try (DirectoryStream<Path> kernels = Files.newDirectoryStream(root.resolve("boot"), "vmlinuz-*")) {
            for (Path kernel : kernels) {
                String version = kernel.getFileName().toString().substring("vmlinuz-".length());
                if (newest == null || PatchCompliance.compareBuilds(version, newest.version()) > 0) {
                    newest = new Kernel(version, modified(kernel));
                }
            }
        } catch (IOException e) {
            return null;
        }
        return newest;
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String line = text.lines().findFirst().orElse("").strip();
            return line.isEmpty() ? null : line;
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private static String lastError(String output) {
        return output.lines().filter(l -> l.startsWith("E: ")).reduce((a, b) -> b).orElse(output);
    }
}
