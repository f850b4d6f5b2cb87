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
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Files only their owner may read: the console's keys and key-store passwords, the agent's secret and keys. Written to a temporary
 * file created owner-only, flushed to disk, then moved into place, so a crash never leaves a
 * half-written key and the secret is never readable by others, not even for a moment.
 *
 * <p>Where the file system has no POSIX permissions but ACLs (Windows), "owner-only" means: full
 * control for SYSTEM, BUILTIN\Administrators and the account the process runs as (the same one as
 * SYSTEM for the agent's service), nobody else, and no entry inherited from the folder above. The
 * JDK's ACL view writes the entries as the whole DACL but cannot set its "protected" flag, so a
 * later inheritable change made above with propagation could add entries; {@link #read} and
 * {@link #requireOwnerOnly} refuse the file then.
 */
public final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final boolean ACL = !POSIX && FileSystems.getDefault().supportedFileAttributeViews().contains("acl");
    /** Account names as LookupAccountName takes them; Administrators' is translated on some Windows languages. */
    private static final String SYSTEM = "NT AUTHORITY\\SYSTEM";
    private static final List<String> ADMINISTRATORS = List.of("BUILTIN\\Administrators", "Administrators");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates the directory (and parents) if needed and makes it owner-only. */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, OWNER_DIR);
        } else if (ACL) {
            Files.getFileAttributeView(dir, AclFileAttributeView.class).setAcl(ownerOnlyAcl(trusted(dir), true));
        }
        return dir;
    }

    public static void write(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (POSIX) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } else if (ACL) {
            Files.createFile(temp, aclAttribute(ownerOnlyAcl(trusted(temp.getParent()), false)));
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
        if (ACL) {
            Set<UserPrincipal> trusted = new LinkedHashSet<>(trusted(path.getParent() == null ? path : path.getParent()));
            trusted.add(Files.getOwner(path));
            return aclExposure(path, Files.isDirectory(path), Files.getFileAttributeView(path, AclFileAttributeView.class).getAcl(),
                    trusted);
        }
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

    /**
     * The whole DACL of an owner-only file or directory: full control for each principal, and for a
     * directory inherited by what is created in it.
     */
    static List<AclEntry> ownerOnlyAcl(List<UserPrincipal> principals, boolean directory) {
        List<AclEntry> acl = new ArrayList<>();
        for (UserPrincipal principal : new LinkedHashSet<>(principals)) {
            AclEntry.Builder entry = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(principal)
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class));
            if (directory) {
                entry.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
            }
            acl.add(entry.build());
        }
        return acl;
    }

    /**
     * Why an ACL exposes the file or directory: an entry that allows someone outside {@code trusted}
     * to read or write it; null when none does.
     */
    static String aclExposure(Path path, boolean directory, List<AclEntry> acl, Set<UserPrincipal> trusted) {
        Set<AclEntryPermission> reach = EnumSet.of(AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA,
                AclEntryPermission.APPEND_DATA);
        for (AclEntry entry : acl) {
            if (entry.type() != AclEntryType.ALLOW || trusted.contains(entry.principal())) {
                continue;
            }
            if (entry.flags().contains(AclEntryFlag.INHERIT_ONLY)) {
                continue; // applies to what is created inside, not to this
            }
            if (!java.util.Collections.disjoint(entry.permissions(), reach)) {
                return path + " is readable or writable by " + entry.principal().getName()
                        + "; make it readable only by SYSTEM and Administrators (icacls \"" + path
                        + "\" /inheritance:r /grant:r *S-1-5-18:" + (directory ? "(OI)(CI)F" : "F") + " *S-1-5-32-544:"
                        + (directory ? "(OI)(CI)F" : "F") + ")";
            }
        }
        return null;
    }

    /** SYSTEM, Administrators and the account this process runs as, looked up on the file system of {@code near}. */
    private static List<UserPrincipal> trusted(Path near) throws IOException {
        UserPrincipalLookupService lookup = near.getFileSystem().getUserPrincipalLookupService();
        List<UserPrincipal> trusted = new ArrayList<>();
        trusted.add(lookup.lookupPrincipalByName(SYSTEM));
        trusted.add(administrators(lookup));
        try {
            trusted.add(lookup.lookupPrincipalByName(System.getProperty("user.name")));
        } catch (UserPrincipalNotFoundException e) {
            // SYSTEM's own name may not resolve; SYSTEM and Administrators are there either way
        }
        return trusted;
    }

    private static UserPrincipal administrators(UserPrincipalLookupService lookup) throws IOException {
        UserPrincipalNotFoundException last = null;
        for (String name : ADMINISTRATORS) {
            try {
                return lookup.lookupPrincipalByName(name);
            } catch (UserPrincipalNotFoundException e) {
                last = e;
            }
        }
        throw new IOException("cannot find the Administrators group (tried " + ADMINISTRATORS + ") to make a file owner-only", last);
    }

    private static FileAttribute<List<AclEntry>> aclAttribute(List<AclEntry> acl) {
        return new FileAttribute<>() {
            @Override
            public String name() {
                return "acl:acl";
            }

            @Override
            public List<AclEntry> value() {
                return acl;
            }
        };
    }
}
