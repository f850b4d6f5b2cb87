package io.mamori.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * USB sticks for tests, as root: file-system images on loop devices of their own, mounted under
 * {@code dir}. The agent's {@code media.simulated-usb} setting ({@code images-under: dir/images/<kind>})
 * gives them a vendor, product and serial. {@link #close()} unmounts and detaches what is left.
 */
public final class Sticks implements AutoCloseable {

    private final Path dir;
    private final List<Path> mounted = new ArrayList<>();
    private final List<String> loops = new ArrayList<>();

    public Sticks(Path dir) {
        this.dir = dir;
    }

    /** The folder the images of {@code kind} are made in (for {@code images-under}). */
    public Path images(String kind) {
        return dir.resolve("images").resolve(kind);
    }

    /** Makes a 64 MB image of {@code fsType} (ext4 or exfat) under images/{@code kind} and mounts it, as a stick plugged in. */
    public Path plugIn(String kind, String fsType) throws Exception {
        Path images = Files.createDirectories(images(kind));
        Path image = images.resolve("stick-" + mounted.size() + ".img");
        Root.run("truncate", "-s", "64M", image.toString());
        Path mountPoint = Files.createDirectories(dir.resolve("media").resolve(kind + "-" + mounted.size()));
        if (fsType.equals("exfat")) {
            Root.run("mkfs.exfat", image.toString());
        } else {
            Root.run("mkfs.ext4", "-q", "-F", image.toString());
        }
        // its own loop device, writable (a device left write-protected by someone else would make a read-only stick)
        String loop = Root.run("losetup", "-f", "--show", image.toString()).strip();
        loops.add(loop);
        Root.run("blockdev", "--setrw", loop);
        if (fsType.equals("exfat")) {
            Root.run("mount.exfat-fuse", loop, mountPoint.toString());
        } else {
            Root.run("mount", loop, mountPoint.toString());
        }
        mounted.add(mountPoint);
        return mountPoint;
    }

    /** The loop device under a stick this made. */
    public String loopOf(Path mountPoint) {
        return loops.get(mounted.indexOf(mountPoint));
    }

    @Override
    public void close() {
        for (Path mountPoint : mounted) {
            quietly("umount", "-l", mountPoint.toString()); // may be unmounted by the test or the agent already
        }
        for (String loop : loops) {
            quietly("blockdev", "--setrw", loop); // a loop device keeps the flag for the next user
            quietly("losetup", "-d", loop);
        }
        mounted.clear();
        loops.clear();
    }

    private static void quietly(String... command) {
        try {
            Root.run(command);
        } catch (Exception e) {
            // cleaning up what may be gone
        }
    }
}
