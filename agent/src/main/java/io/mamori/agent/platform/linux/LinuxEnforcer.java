package io.mamori.agent.platform.linux;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.Volume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device-level enforcement with util-linux: {@code mount -o remount,ro} and {@code umount} for the
 * mount, {@code blockdev --setro} for the block device under it, so that nobody can remount it
 * writable until it is unplugged (the kernel refuses a writable mount of a read-only device). The
 * programs are run by absolute path, never through {@code PATH}, each with a time limit.
 */
final class LinuxEnforcer implements Enforcer {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxEnforcer.class);
    private static final long TIME_LIMIT_SECONDS = 20;

    private final String mount;
    private final String umount;
    private final String blockdev;

    LinuxEnforcer() {
        this.mount = program("mount");
        this.umount = program("umount");
        this.blockdev = program("blockdev");
    }

    @Override
    public void readOnly(Volume volume) throws IOException {
        Path mountPoint = volume.mount().mountPoint();
        if (!volume.mount().readOnly()) {
            run(mount, "-o", "remount,ro", mountPoint.toString());
        }
        protectDevice(volume);
        LOG.info("{} ({}) is read-only now", mountPoint, volume.identity().shortName());
    }

    @Override
    public void deny(Volume volume) throws IOException {
        Path mountPoint = volume.mount().mountPoint();
        try {
            run(umount, mountPoint.toString());
        } catch (IOException busy) {
            // a program holds a file open on it: detach it now, the kernel finishes when it lets go
            LOG.info("{} is busy ({}); detaching it lazily", mountPoint, busy.getMessage());
            run(umount, "-l", mountPoint.toString());
        }
        protectDevice(volume); // after the unmount has written what it had to
        LOG.info("{} ({}) is unmounted", mountPoint, volume.identity().shortName());
    }

    /**
     * A loop device keeps its write-protect flag after its image is detached, and the next image
     * attached to it (anyone's) would come up read-only: the flag goes when the volume does. A real
     * stick keeps it until it is unplugged, which makes the kernel forget the device.
     */
    @Override
    public void released(Volume volume) {
        String source = volume.mount().source();
        if (source != null && source.matches("/dev/loop\\d+") && Files.exists(Path.of(source))) {
            try {
                run(blockdev, "--setrw", source);
            } catch (IOException e) {
                LOG.warn("could not clear the write protection of {}: {}", source, e.getMessage());
            }
        }
    }

    /** Write-protects the block device, when the mount has one; a failure here is logged, the remount already holds. */
    private void protectDevice(Volume volume) {
        String source = volume.mount().source();
        if (source == null || !source.startsWith("/dev/") || !Files.exists(Path.of(source))) {
            return;
        }
        try {
            run(blockdev, "--setro", source);
        } catch (IOException e) {
            LOG.warn("could not write-protect {}: {}", source, e.getMessage());
        }
    }

    private static void run(String program, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + TIME_LIMIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + program, e);
        }
        if (process.exitValue() != 0) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
    }

    private static String program(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "/usr/bin/" + name; // not installed: running it fails with a clear message
    }
}
