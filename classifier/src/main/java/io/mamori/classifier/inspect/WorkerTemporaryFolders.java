package io.mamori.classifier.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private temporary folders of inspection workers: one per worker, under the system's
 * temporary folder, open to this user only, removed when the worker ends. Each folder names the
 * process that started the worker (its PID and start time, in a file {@value #OWNER}), so that a
 * folder left behind when that process itself was killed (nothing then ran its clean-up) is
 * recognised and removed by the next pool that starts: {@link #removeLeftovers}.
 */
final class WorkerTemporaryFolders {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerTemporaryFolders.class);
    static final String PREFIX = "mamori-worker-";
    static final String OWNER = ".mamori-owner";
    /** A folder of ours with no readable owner is left alone this long (it may be being made). */
    private static final Duration UNOWNED_GRACE = Duration.ofHours(1);

    private WorkerTemporaryFolders() {
    }

    /** A new folder under {@code base}, readable and writable by this user only, naming this process. */
    static Path create(Path base) throws IOException {
        Path folder;
        if (base.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            folder = Files.createTempDirectory(base, PREFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            // Windows: the user's own temporary folder is already closed to other users
            folder = Files.createTempDirectory(base, PREFIX);
        }
        try {
            Files.writeString(folder.resolve(OWNER), ownerLine(ProcessHandle.current()), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            delete(folder);
            throw e;
        }
        return folder;
    }

    /** Removes a folder and what is in it; a failure is logged, never thrown. */
    static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) { // symbolic links inside are removed, not followed
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot remove the inspection worker's temporary folder {}: {}", folder, e.getMessage());
        }
    }

    /**
     * Removes the workers' folders under {@code base} that belong to this user and whose owning
     * process has ended (a process with the same PID but another start time is another process).
     * Anything else is left alone: other users' folders, symbolic links, folders of processes still
     * running, and folders with no readable owner younger than an hour.
     *
     * @return how many folders were removed
     */
    static int removeLeftovers(Path base, Instant now) {
        UserPrincipal me;
        try {
            me = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            // without knowing whose a folder is, none is removed
            LOG.debug("cannot tell which temporary folders are this user's ({}): old worker folders are left", e.toString());
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path folder : entries) {
                if (isLeftover(folder, me, now)) {
                    delete(folder);
                    removed += Files.exists(folder, LinkOption.NOFOLLOW_LINKS) ? 0 : 1;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot look for the inspection workers' old temporary folders in {}: {}", base, e.getMessage());
        }
        if (removed > 0) {
            LOG.info("removed {} temporary folder(s) of inspection workers whose process had ended", removed);
        }
        return removed;
    }

    private static boolean isLeftover(Path folder, UserPrincipal me, Instant now) {
        try {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                    || !me.equals(Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS))) {
                return false;
            }
            Optional<String> owner = readOwner(folder.resolve(OWNER));
            if (owner.isEmpty()) {
                Instant modified = Files.getLastModifiedTime(folder, LinkOption.NOFOLLOW_LINKS).toInstant();
                return modified.plus(UNOWNED_GRACE).isBefore(now);
            }
            String[] parts = owner.get().trim().split(" ");
            if (parts.length != 2) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[0]));
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            // a running process of that PID: another one only if both start times are known and differ
            long recorded = Long.parseLong(parts[1]);
            Optional<Instant> started = process.get().info().startInstant();
            return recorded >= 0 && started.isPresent() && started.get().toEpochMilli() != recorded;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static Optional<String> readOwner(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 100) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** {@code pid startMillis}: the start time tells a process from a later one given the same PID. */
    static String ownerLine(ProcessHandle process) {
        long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        return process.pid() + " " + started + "\n";
    }
}
