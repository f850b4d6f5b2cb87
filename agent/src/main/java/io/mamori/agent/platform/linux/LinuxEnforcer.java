package io.mamori.agent.platform.linux;

import io.mamori.agent.platform.common.Programs;
import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device-level enforcement with util-linux: {@code mount -o remount,ro} and {@code umount} for the
 * mount, {@code blockdev --setro} for the block device under it, so that nobody can remount it
 * writable until it is unplugged (the kernel refuses a writable mount of a read-only device); both
 * undone by {@code writable} when an exception is granted while the stick is in. The
 * programs are run by absolute path, never through {@code PATH}, each with a time limit.
 */
final class LinuxEnforcer implements Enforcer {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxEnforcer.class);
    private static final long TIME_LIMIT_SECONDS = 20;

    private final String mount;
    private final String umount;
    private final String blockdev;

    LinuxEnforcer() {
        this.mount = Programs.find("mount");
        this.umount = Programs.find("umount");
        this.blockdev = Programs.find("blockdev");
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

    /**
     * The block device's write protection cleared first (the kernel refuses a writable remount of a
     * write-protected device), then the mount remounted {@code rw}. A medium that is read-only by
     * itself (an SD card's lock switch) fails the remount, and stays read-only.
     */
    @Override
    public void writable(Volume volume) throws IOException {
        Path mountPoint = volume.mount().mountPoint();
        String source = volume.mount().source();
        if (source != null && source.startsWith("/dev/") && Files.exists(Path.of(source))) {
            run(blockdev, "--setrw", source);
        }
        run(mount, "-o", "remount,rw", mountPoint.toString());
        LOG.info("{} ({}) is writable again", mountPoint, volume.identity().shortName());
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
        Programs.run(command, Duration.ofSeconds(TIME_LIMIT_SECONDS));
    }
}
