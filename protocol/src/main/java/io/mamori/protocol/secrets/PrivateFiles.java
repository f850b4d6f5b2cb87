package io.mamori.protocol.secrets;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read: the console's keys and key-store passwords, the agent's secret and keys. Written to a temporary
 * file created owner-only, flushed to disk, then moved into place, so a crash never leaves a
 * half-written key and the secret is never readable by others, not even for a moment.
 */
public final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates the directory (and parents) if needed and makes it owner-only. */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, OWNER_DIR);
        }
        return dir;
    }

    public static void write(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (POSIX) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } else {
            Files.createFile(temp);
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Reads a secret file, refusing one that others can read: a key that leaked to other local
     * users is not one to keep signing with silently.
     */
    public static byte[] read(Path file) throws IOException {
        String exposed = exposure(file);
        if (exposed != null) {
            throw new IOException(exposed + " and check whether the secret in it must be replaced");
        }
        return Files.readAllBytes(file);
    }

    /**
     * Refuses a file or directory that users other than its owner can read or write, naming it
     * and the {@code chmod} that fixes it; for what is checked before secrets are kept in it.
     */
    public static void requireOwnerOnly(Path path) throws IOException {
        String exposed = exposure(path);
        if (exposed != null) {
            throw new IOException(exposed);
        }
    }

    private static String exposure(Path path) throws IOException {
        if (!POSIX) {
            return null;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)
                || permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            return path + " is readable or writable by other users (" + PosixFilePermissions.toString(permissions)
                    + "); make it owner-only (chmod " + (Files.isDirectory(path) ? "700" : "600") + ")";
        }
        return null;
    }
}
