package io.mamori.protocol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Owner-only on a file system with ACLs (Windows), as pure functions: the ACL written and the check
 * that refuses an exposed file. Principals are stand-ins; on Windows they come from
 * LookupAccountName through the UserPrincipalLookupService.
 */
class PrivateFilesAclTest {

    private record Principal(String getName) implements UserPrincipal {
    }

    private static final Principal SYSTEM = new Principal("NT AUTHORITY\\SYSTEM");
    private static final Principal ADMINISTRATORS = new Principal("BUILTIN\\Administrators");
    private static final Principal USERS = new Principal("BUILTIN\\Users");
    private static final Path KEY = Path.of("C:\\ProgramData\\Mamori\\agent\\agent-key.pem");

    @Test
    void aDirectoryGetsFullControlForSystemAndAdministratorsOnlyInheritedByWhatIsCreatedInIt() {
        List<AclEntry> acl = PrivateFiles.ownerOnlyAcl(List.of(SYSTEM, ADMINISTRATORS, SYSTEM), true);

        assertThat(acl).extracting(AclEntry::principal).containsExactly(SYSTEM, ADMINISTRATORS);
        assertThat(acl).allSatisfy(entry -> {
            assertThat(entry.type()).isEqualTo(AclEntryType.ALLOW);
            assertThat(entry.permissions()).isEqualTo(EnumSet.allOf(AclEntryPermission.class));
            assertThat(entry.flags()).containsExactlyInAnyOrder(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
        });
    }

    @Test
    void aFileGetsTheSameEntriesWithoutInheritanceFlags() {
        List<AclEntry> acl = PrivateFiles.ownerOnlyAcl(List.of(SYSTEM, ADMINISTRATORS), false);
        assertThat(acl).hasSize(2).allSatisfy(entry -> assertThat(entry.flags()).isEmpty());
    }

    @Test
    void theAclWrittenIsNotExposed() {
        List<AclEntry> acl = PrivateFiles.ownerOnlyAcl(List.of(SYSTEM, ADMINISTRATORS), false);
        assertThat(PrivateFiles.aclExposure(KEY, false, acl, Set.of(SYSTEM, ADMINISTRATORS))).isNull();
    }

    @Test
    void anEntryLettingAnotherPrincipalReadExposesTheFileAndNamesTheFix() {
        List<AclEntry> acl = List.of(allow(SYSTEM, AclEntryPermission.READ_DATA),
                allow(USERS, AclEntryPermission.READ_DATA, AclEntryPermission.READ_ATTRIBUTES));

        String exposed = PrivateFiles.aclExposure(KEY, false, acl, Set.of(SYSTEM, ADMINISTRATORS));

        assertThat(exposed).contains(KEY.toString()).contains("BUILTIN\\Users").contains("icacls").contains("/inheritance:r")
                .contains("*S-1-5-18:F");
    }

    @Test
    void writeAccessForAnotherPrincipalExposesTooAndADirectoryGetsTheInheritingFix() {
        List<AclEntry> acl = List.of(allow(USERS, AclEntryPermission.APPEND_DATA));
        assertThat(PrivateFiles.aclExposure(KEY.getParent(), true, acl, Set.of(SYSTEM))).contains("(OI)(CI)F");
    }

    @Test
    void denyEntriesInheritOnlyEntriesAndRightsOverTheAclAloneDoNotExpose() {
        AclEntry deny = AclEntry.newBuilder().setType(AclEntryType.DENY).setPrincipal(USERS)
                .setPermissions(AclEntryPermission.READ_DATA).build();
        AclEntry inheritOnly = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(USERS)
                .setPermissions(AclEntryPermission.READ_DATA).setFlags(AclEntryFlag.INHERIT_ONLY, AclEntryFlag.FILE_INHERIT).build();
        AclEntry readAcl = allow(USERS, AclEntryPermission.READ_ACL, AclEntryPermission.READ_ATTRIBUTES);

        assertThat(PrivateFiles.aclExposure(KEY, false, List.of(deny, inheritOnly, readAcl), Set.of(SYSTEM))).isNull();
    }

    private static AclEntry allow(UserPrincipal principal, AclEntryPermission... permissions) {
        return AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(principal).setPermissions(permissions).build();
    }
}
