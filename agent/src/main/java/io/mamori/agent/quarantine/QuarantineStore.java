package io.mamori.agent.quarantine;

import io.mamori.protocol.json.ProtocolException;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.secrets.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the agent keeps files it took off removable volumes (policy BLOCK, or WARN_OVERRIDE
 * while the user has not answered) until an administrator releases or purges them. One store
 * file per file, {@code <event id>.mq}, encrypted with the store's AES-256 key in
 * {@code store.key}; the format is {@link SealedFile}'s, and docs/agent.md describes it. The
 * directory is {@code 0700}, every file in it {@code 0600}. Content is streamed in 64 KiB chunks:
 * a file of several GB passes through a few hundred KiB of heap.
 *
 * <p>Crash safety: a file is first written in full to a temporary file in the store, flushed,
 * renamed into place and the directory flushed; only then is the original deleted. A crash at any
 * point leaves the original on the volume, the complete store copy, or both (a repeated
 * {@link #put} of the same event then only deletes the original). Temporary files a crash left
 * are deleted by {@link #open}. A release writes to a temporary file next to its target and
 * renames it into place only after every chunk authenticated and the whole file's SHA-256
 * matched, so a damaged store file never becomes a released file.
 *
 * <p>Safe for use from several threads: content is streamed without a lock, the renames and
 * deletions that change the store are done one at a time.
 */
public final class QuarantineStore {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineStore.class);
    private static final String SUFFIX = ".mq";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final int MAX_NUMBERED_NAMES = 9999;
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path directory;
    private final StoreKey key;
    private final Clock clock;
    private final SecureRandom random;
    private final int chunkSize;

    private QuarantineStore(Path directory, StoreKey key, Clock clock, SecureRandom random, int chunkSize) {
        this.directory = directory;
        this.key = key;
        this.clock = clock;
        this.random = random;
        this.chunkSize = chunkSize;
    }

    /** How much the store holds. */
    public record Usage(int entries, long bytes) {
    }

    /**
     * Opens the store in {@code directory}, creating it owner-only ({@code 0700}) with a new key
     * if it does not exist, and deletes temporary files a crash left. Refuses a directory or key
     * that other users can read or write, and a store whose key is missing while it holds files
     * (a new key would not open them).
     *
     * @param clock what {@link QuarantinedFile#quarantinedAt()} is read from
     */
    public static QuarantineStore open(Path directory, Clock clock) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clock, "clock");
        Path dir = directory.toAbsolutePath();
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("quarantine store " + dir + " is not a directory");
            }
            PrivateFiles.requireOwnerOnly(dir);
        } else {
            PrivateFiles.directory(dir);
            // The store's own entry in its parent must be durable before any file relies on it.
            syncDirectory(dir.getParent());
        }
        deleteLeftovers(dir);
        SecureRandom random = new SecureRandom();
        Path keyFile = dir.resolve(StoreKey.FILE_NAME);
        StoreKey key;
        if (Files.exists(keyFile)) {
            key = StoreKey.read(keyFile);
        } else {
            int held = storeFiles(dir).size();
            if (held > 0) {
                throw new IOException("the quarantine key " + keyFile + " is missing, but " + held + " quarantined file(s) are in "
                        + dir + " and cannot be read without it: put the key back from a backup (a new key would not open them)");
            }
            key = StoreKey.create(keyFile, random);
            syncDirectory(dir);
        }
        return new QuarantineStore(dir, key, clock, random, SealedFile.DEFAULT_CHUNK_SIZE);
    }

    public Path directory() {
        return directory;
    }

    /**
     * Moves {@code file} into the store: seals it chunk by chunk while computing its SHA-256,
     * makes the store copy durable, and only then deletes the original. If the content is not
     * the one {@link FileOrigin#expectedSha256()} names (the file was changed after it was
     * classified), it is quarantined all the same and the entry has the hash of what was read.
     * Symbolic links are refused, not followed.
     *
     * <p>If the file changes while it is being read, the store keeps nothing, the original stays
     * and an {@link IOException} says so: the caller may try again. A repeated put of an event
     * already in the store with the same content (the previous put was cut off after the store
     * copy was made) deletes the original and returns the stored entry; with other content it is
     * refused and the original stays.
     */
    public QuarantinedFile put(Path file, FileOrigin origin) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(origin, "origin");
        BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (before.isSymbolicLink()) {
            throw new IOException(file + " is a symbolic link; only regular files are quarantined and links are not followed");
        }
        if (!before.isRegularFile()) {
            throw new IOException(file + " is not a regular file; only regular files are quarantined");
        }
        Instant now = clock.instant();
        byte[] metadata = ProtocolJson.writeBytes(metadata(file, origin, now, before));
        Path temp = createTemp(directory, ".put-");
        try {
            SealedFile.Summary summary;
            try (SeekableByteChannel in = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                    FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                summary = SealedFile.seal(key, origin.eventId(), metadata, in, out, chunkSize, random);
                out.force(true);
            }
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!Objects.equals(before.fileKey(), after.fileKey()) || !before.lastModifiedTime().equals(after.lastModifiedTime())
                    || after.size() != summary.size()) {
                throw new IOException(file + " changed while it was being quarantined; it is left in place and the store kept nothing");
            }
            QuarantinedFile stored = commit(temp, origin, now, summary);
            deleteOriginal(file, stored);
            return stored;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The entry of an event, or empty when the store has none. */
    public Optional<QuarantinedFile> find(UUID eventId) throws IOException {
        Objects.requireNonNull(eventId, "eventId");
        Path entry = entryFile(eventId);
        try {
            return Optional.of(read(entry, eventId));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Every entry, oldest first. A store file that does not authenticate is left out and logged
     * (by its event id, no names); {@link #find} and {@link #restore} report it when asked for it.
     */
    public List<QuarantinedFile> list() throws IOException {
        List<QuarantinedFile> entries = new ArrayList<>();
        for (Path entry : storeFiles(directory)) {
            UUID eventId = eventIdOf(entry);
            try {
                entries.add(read(entry, eventId));
            } catch (NoSuchFileException e) {
                // purged while we listed
            } catch (DamagedQuarantineFileException e) {
                LOG.warn("quarantine: the store file of event {} is damaged and left out of the list: {}", eventId, e.getMessage());
            }
        }
        entries.sort(Comparator.comparing(QuarantinedFile::quarantinedAt).thenComparing(QuarantinedFile::eventId));
        return entries;
    }

    /**
     * Writes the content of an entry to {@code target}, or, if that name is taken, to
     * {@code name (1).ext}, {@code name (2).ext} …; never over an existing file. The content is
     * written to a temporary file in the target's folder, each chunk only after it authenticated;
     * the whole file's SHA-256 is checked, the file flushed, given the owner, mode and modification
     * time it had on the volume (where they can be set), and only then renamed into place. The
     * store copy is deleted when {@code removeAfter} is true, once the written file is durable.
     *
     * @return the file actually written
     * @throws DamagedQuarantineFileException if the store file does not authenticate; nothing is
     *                                        written and the store copy is kept
     */
    public Path restore(UUID eventId, Path target, boolean removeAfter) throws IOException {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(target, "target");
        Path destination = target.toAbsolutePath();
        Path folder = destination.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IOException("cannot restore into " + folder + ": it is not an existing folder");
        }
        Path entry = entryFile(eventId);
        if (!Files.exists(entry)) {
            throw new NoSuchFileException(entry.toString(), null, "the quarantine store holds no file for event " + eventId);
        }
        Path written;
        try (SealedFile.Opened sealed = SealedFile.open(key, entry, eventId)) {
            StoredMetadata metadata = metadata(sealed, entry);
            Path temp = createTemp(folder, ".mamori-restore-");
            try {
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    sealed.unseal(out);
                    restoreAttributes(temp, metadata);
                    out.force(true);
                }
                written = moveToFreeName(temp, destination);
                syncDirectory(folder);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        if (removeAfter) {
            remove(entry);
        }
        return written;
    }

    /**
     * Destroys an entry: deletes its store file (the content was only ever on disk encrypted).
     *
     * @return false if the store had no such entry
     */
    public boolean purge(UUID eventId) throws IOException {
        Objects.requireNonNull(eventId, "eventId");
        return remove(entryFile(eventId));
    }

    /** The number of entries and the bytes their store files take (without decrypting them). */
    public Usage usage() throws IOException {
        int entries = 0;
        long bytes = 0;
        for (Path entry : storeFiles(directory)) {
            try {
                bytes += Files.size(entry);
                entries++;
            } catch (NoSuchFileException e) {
                // purged while we counted
            }
        }
        return new Usage(entries, bytes);
    }

    private synchronized QuarantinedFile commit(Path temp, FileOrigin origin, Instant now, SealedFile.Summary summary)
            throws IOException {
        Path entry = entryFile(origin.eventId());
        if (Files.exists(entry)) {
            QuarantinedFile existing = read(entry, origin.eventId());
            if (!existing.sha256().equals(summary.sha256Hex())) {
                throw new FileAlreadyExistsException(entry.toString(), null, "event " + origin.eventId()
                        + " is already quarantined with other content; the file is left in place");
            }
            return existing;
        }
        Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(directory);
        return new QuarantinedFile(origin, now, summary.sha256Hex(), summary.size(), entry);
    }

    private void deleteOriginal(Path file, QuarantinedFile stored) throws IOException {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IOException("the store holds the file of event " + stored.eventId() + ", but the original could not be"
                    + " deleted from the volume: " + e.getMessage(), e);
        }
        // Without this a stick pulled out soon after could still have the file on it.
        try {
            syncDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            LOG.warn("quarantine: the deletion of the original of event {} may not be on the volume yet: {}", stored.eventId(),
                    e.toString());
        }
    }

    private synchronized boolean remove(Path entry) throws IOException {
        if (!Files.deleteIfExists(entry)) {
            return false;
        }
        syncDirectory(directory);
        return true;
    }

    private QuarantinedFile read(Path entry, UUID eventId) throws IOException {
        try (SealedFile.Opened sealed = SealedFile.open(key, entry, eventId)) {
            StoredMetadata metadata = metadata(sealed, entry);
            SealedFile.Summary summary = sealed.summary();
            return new QuarantinedFile(metadata.origin(), metadata.quarantinedAt(), summary.sha256Hex(), summary.size(), entry);
        }
    }

    private static StoredMetadata metadata(SealedFile.Opened sealed, Path entry) throws DamagedQuarantineFileException {
        try {
            StoredMetadata metadata = ProtocolJson.read(sealed.metadata(), StoredMetadata.class);
            metadata.origin(); // checks what FileOrigin checks
            return metadata;
        } catch (ProtocolException | IllegalArgumentException e) {
            // It authenticated, so this store wrote it: a bug or a format change, not an attack.
            throw new DamagedQuarantineFileException("store file " + entry + " has metadata this agent cannot read: "
                    + e.getMessage());
        }
    }

    private static StoredMetadata metadata(Path file, FileOrigin origin, Instant now, BasicFileAttributes attributes)
            throws IOException {
        String permissions = null;
        String owner = null;
        String group = null;
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (posix != null) {
            PosixFileAttributes read = posix.readAttributes();
            permissions = PosixFilePermissions.toString(read.permissions());
            owner = read.owner().getName();
            group = read.group().getName();
        }
        return new StoredMetadata(origin.eventId(), origin.operationId(), origin.device(), origin.originalPath().toString(),
                origin.volumePath(), origin.expectedSha256(), now, attributes.lastModifiedTime().toInstant(), permissions, owner,
                group, origin.writer() == null ? null : origin.writer().user(), origin.writer() == null ? null : origin.writer().uid());
    }

    /**
     * Gives the released file what it had on the volume. Setting them can be refused (a FAT
     * volume, an agent not running as root); the content is what matters, so that is logged and
     * the release goes on.
     */
    private static void restoreAttributes(Path file, StoredMetadata metadata) {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            if (posix != null && metadata.permissions() != null) {
                PosixFileAttributes current = posix.readAttributes();
                UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
                if (metadata.owner() != null && !metadata.owner().equals(current.owner().getName())) {
                    UserPrincipal owner = users.lookupPrincipalByName(metadata.owner());
                    posix.setOwner(owner);
                }
                if (metadata.group() != null && !metadata.group().equals(current.group().getName())) {
                    GroupPrincipal group = users.lookupPrincipalByGroupName(metadata.group());
                    posix.setGroup(group);
                }
                Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(metadata.permissions());
                if (!permissions.equals(current.permissions())) {
                    posix.setPermissions(permissions);
                }
            }
            if (metadata.modifiedAt() != null) {
                Files.setLastModifiedTime(file, FileTime.from(metadata.modifiedAt()));
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            LOG.warn("quarantine: the file of event {} is released without its original owner, mode or time: {}",
                    metadata.eventId(), e.toString());
        }
    }

    /**
     * Java has no rename that refuses to replace: {@code Files.move} without REPLACE_EXISTING
     * checks for the target and then renames, so only a file created in between by someone else
     * could be replaced.
     */
    private static Path moveToFreeName(Path temp, Path target) throws IOException {
        String name = target.getFileName().toString();
        for (int n = 0; n <= MAX_NUMBERED_NAMES; n++) {
            Path candidate = n == 0 ? target : target.resolveSibling(numbered(name, n));
            try {
                Files.move(temp, candidate);
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                // try the next number
            }
        }
        throw new IOException("cannot restore to " + target + ": it and " + MAX_NUMBERED_NAMES + " numbered names beside it exist");
    }

    /** {@code report.pdf} → {@code report (n).pdf}; a leading dot is part of the name, not an extension. */
    static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return name + " (" + n + ")";
        }
        return name.substring(0, dot) + " (" + n + ")" + name.substring(dot);
    }

    private Path entryFile(UUID eventId) {
        return directory.resolve(eventId + SUFFIX);
    }

    private static List<Path> storeFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : stream) {
                if (eventIdOf(file) != null) {
                    files.add(file);
                } else {
                    LOG.warn("quarantine: {} in the store is not named like a store file; left alone", file.getFileName());
                }
            }
        }
        return files;
    }

    private static UUID eventIdOf(Path storeFile) {
        String name = storeFile.getFileName().toString();
        try {
            return UUID.fromString(name.substring(0, name.length() - SUFFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Temporary files start with a dot and end in .tmp; PrivateFiles names its own the same way. */
    private static Path createTemp(Path folder, String prefix) throws IOException {
        if (POSIX) {
            return Files.createTempFile(folder, prefix, TEMP_SUFFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile(folder, prefix, TEMP_SUFFIX);
    }

    private static void deleteLeftovers(Path dir) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
            for (Path leftover : stream) {
                if (Files.deleteIfExists(leftover)) {
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            LOG.info("quarantine: deleted {} temporary file(s) an interrupted run left in {}", deleted, dir);
        }
    }

    /**
     * Makes a rename or deletion in {@code dir} durable (fsync of the directory). Windows has no
     * such call (and NTFS journals its directories); there it does nothing.
     */
    private static void syncDirectory(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
