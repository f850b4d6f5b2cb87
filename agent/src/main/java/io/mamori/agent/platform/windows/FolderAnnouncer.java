package io.mamori.agent.platform.windows;

import io.mamori.agent.desktop.SessionHelper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces each session's pipe in a file of {@code %ProgramData%\Mamori\sessions}
 * ({@link SessionHelper#announcement}) that only SYSTEM and that session's user may read. The
 * folder's DACL admits SYSTEM alone; the user reaches their file without listing the folder
 * (traverse checking is bypassed for everyone by default: "Bypass traverse checking",
 * https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-10/security/threat-protection/security-policy-settings/bypass-traverse-checking).
 * A folder that is there already must be owned by SYSTEM or the Administrators, or nothing is
 * announced: ProgramData lets users create folders, and one of theirs could be changed under us.
 * The JDK sets a DACL with SetFileSecurityW, which writes it as given (no inherited entries).
 * Pure JDK, but only Windows has ACLs to set: on Linux this refuses, and tests use a fake.
 */
final class FolderAnnouncer implements PipeAnnouncer {

    private static final Logger LOG = LoggerFactory.getLogger(FolderAnnouncer.class);
    /** Well-known accounts (https://learn.microsoft.com/en-us/windows/win32/secauthz/well-known-sids); English names are not localized. */
    private static final String SYSTEM = "NT AUTHORITY\\SYSTEM";
    private static final String ADMINISTRATORS = "BUILTIN\\Administrators";
    private static final Set<AclEntryPermission> READ = EnumSet.of(AclEntryPermission.READ_DATA,
            AclEntryPermission.READ_ATTRIBUTES, AclEntryPermission.READ_NAMED_ATTRS, AclEntryPermission.READ_ACL,
            AclEntryPermission.SYNCHRONIZE);

    private final Path folder;

    FolderAnnouncer(Path folder) {
        this.folder = folder;
    }

    @Override
    public void announce(WindowsSession session, String pipeName) throws IOException {
        UserPrincipalLookupService accounts = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal system = accounts.lookupPrincipalByName(SYSTEM);
        lockDown(system, accounts);
        UserPrincipal user = accounts.lookupPrincipalByName(session.account());
        Path file = SessionHelper.announcement(folder, session.id());
        Path next = folder.resolve(file.getFileName() + ".new");
        Files.deleteIfExists(next);
        Files.writeString(next, pipeName, StandardCharsets.UTF_8);
        view(next).setAcl(List.of(allow(system, EnumSet.allOf(AclEntryPermission.class)), allow(user, READ)));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE); // keeps its DACL
    }

    @Override
    public void withdraw(int sessionId) {
        try {
            Files.deleteIfExists(SessionHelper.announcement(folder, sessionId));
        } catch (IOException e) {
            LOG.warn("could not remove the pipe announcement of session {}: {}", sessionId, e.getMessage());
        }
    }

    private void lockDown(UserPrincipal system, UserPrincipalLookupService accounts) throws IOException {
        if (Files.isSymbolicLink(folder)) {
            throw new IOException(folder + " is a link; pipes are not announced through it");
        }
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            UserPrincipal owner = Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS);
            if (!owner.equals(system) && !owner.equals(accounts.lookupPrincipalByName(ADMINISTRATORS))) {
                throw new IOException(folder + " belongs to " + owner.getName() + ", not SYSTEM or the Administrators;"
                        + " move it away so the agent makes its own");
            }
        } else {
            Files.createDirectories(folder);
        }
        view(folder).setAcl(List.of(allow(system, EnumSet.allOf(AclEntryPermission.class))));
    }

    private static AclFileAttributeView view(Path path) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(path, AclFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw new IOException("this file system has no ACLs, so a pipe's name cannot be given to one user alone");
        }
        return view;
    }

    private static AclEntry allow(UserPrincipal who, Set<AclEntryPermission> permissions) {
        return AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(who).setPermissions(permissions).build();
    }
}
