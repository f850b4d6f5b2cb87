package io.mamori.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Jamf configuration profile example, installer/macos/jamf/mamori-agent.mobileconfig, read with
 * dd-plist: a well-formed profile (identifiers, distinct UUIDs, versions), its settings domain the one
 * the package's postinstall reads with the keys it reads, Full Disk Access for the runtime's java by
 * the path the LaunchDaemon runs and the signing identifier build-pkg.sh gives it, the team id a
 * marked placeholder, and both launchd labels allowed as background items. No Mac has installed it.
 */
class MacJamfProfileTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path PROFILE = REPOSITORY.resolve("installer/macos/jamf/mamori-agent.mobileconfig");
    private static final String PLACEHOLDER_TEAM = "REPLACE_ME_TEAM_ID";

    @Test
    void theProfileIsAWellFormedSystemProfileWithDistinctUuids() throws Exception {
        NSDictionary profile = profile();
        assertThat(string(profile, "PayloadType")).isEqualTo("Configuration");
        assertThat(string(profile, "PayloadScope")).isEqualTo("System");
        assertThat(profile.objectForKey("PayloadVersion").toJavaObject()).isEqualTo(1);
        String identifier = string(profile, "PayloadIdentifier");
        Set<String> uuids = new HashSet<>();
        uuids.add(UUID.fromString(string(profile, "PayloadUUID")).toString());
        List<NSDictionary> payloads = payloads();
        assertThat(payloads).extracting(payload -> string(payload, "PayloadType"))
                .containsExactlyInAnyOrder("jp.mamori.agent", "com.apple.TCC.configuration-profile-policy", "com.apple.servicemanagement");
        for (NSDictionary payload : payloads) {
            assertThat(string(payload, "PayloadIdentifier")).startsWith(identifier + ".");
            assertThat(payload.objectForKey("PayloadVersion").toJavaObject()).isEqualTo(1);
            assertThat(uuids.add(UUID.fromString(string(payload, "PayloadUUID")).toString())).as("a UUID used once").isTrue();
        }
    }

    @Test
    void theSettingsDomainIsTheOnePostinstallReadsWithTheKeysItReads() throws Exception {
        String postinstall = Files.readString(REPOSITORY.resolve("installer/macos/pkg/postinstall"));
        NSDictionary settings = payload("jp.mamori.agent");
        assertThat(postinstall).contains("PROFILE=\"$ROOT/Library/Managed Preferences/" + string(settings, "PayloadType") + ".plist\"");
        Set<String> read = new HashSet<>();
        Matcher setting = Pattern.compile("\\$\\(setting ([a-z0-9-]+)\\)").matcher(postinstall);
        while (setting.find()) {
            read.add(setting.group(1));
        }
        assertThat(read).containsExactlyInAnyOrder("console-url", "enroll-token", "console-fingerprint", "uninstall-token-sha256");
        List<String> keys = new ArrayList<>();
        for (String key : settings.allKeys()) {
            if (!key.startsWith("Payload")) {
                keys.add(key);
            }
        }
        assertThat(keys).containsExactlyInAnyOrderElementsOf(read);
        assertThat(string(settings, "console-url")).startsWith("https://");
        assertThat(string(settings, "console-fingerprint")).matches("[0-9a-f]{64}");
        assertThat(string(settings, "uninstall-token-sha256")).matches("[0-9a-f]{64}");
        assertThat(Files.readString(PROFILE)).as("the example warns who can read the token").contains("enroll-token: anyone who can read this profile");
    }

    @Test
    void fullDiskAccessGoesToTheSignedRuntimesJavaByTheDaemonsPathAndAPlaceholderTeam() throws Exception {
        NSDictionary pppc = payload("com.apple.TCC.configuration-profile-policy");
        NSDictionary services = (NSDictionary) pppc.objectForKey("Services");
        NSObject[] allFiles = ((NSArray) services.objectForKey("SystemPolicyAllFiles")).getArray();
        assertThat(allFiles).hasSize(1);
        NSDictionary grant = (NSDictionary) allFiles[0];
        NSDictionary daemon = (NSDictionary) PropertyListParser.parse(
                REPOSITORY.resolve("agent/src/main/resources/io/mamori/agent/macos/jp.mamori.agent.plist").toFile());
        String daemonJava = ((NSArray) daemon.objectForKey("ProgramArguments")).getArray()[0].toJavaObject().toString();
        assertThat(string(grant, "Identifier")).isEqualTo(daemonJava);
        assertThat(string(grant, "IdentifierType")).isEqualTo("path");
        assertThat(string(grant, "Authorization")).isEqualTo("Allow");
        assertThat(grant.objectForKey("StaticCode").toJavaObject()).isEqualTo(false);
        String requirement = string(grant, "CodeRequirement");
        String buildScript = Files.readString(REPOSITORY.resolve("installer/macos/build-pkg.sh"));
        Matcher signing = Pattern.compile("(?m)^SIGNING_IDENTIFIER=(\\S+)$").matcher(buildScript);
        assertThat(signing.find()).isTrue();
        assertThat(requirement).contains("identifier \"" + signing.group(1) + "\"").contains("anchor apple generic")
                .contains("certificate leaf[subject.OU] = \"" + PLACEHOLDER_TEAM + "\"");
    }

    @Test
    void theDaemonAndTheSessionHelperAreAllowedAsBackgroundItems() throws Exception {
        NSDictionary login = payload("com.apple.servicemanagement");
        List<String> rules = new ArrayList<>();
        for (NSObject rule : ((NSArray) login.objectForKey("Rules")).getArray()) {
            rules.add(string((NSDictionary) rule, "RuleType") + "=" + string((NSDictionary) rule, "RuleValue"));
        }
        List<String> labels = new ArrayList<>();
        for (String plist : List.of("jp.mamori.agent.plist", "jp.mamori.session-helper.plist")) {
            NSDictionary launchd = (NSDictionary) PropertyListParser.parse(
                    REPOSITORY.resolve("agent/src/main/resources/io/mamori/agent/macos/" + plist).toFile());
            labels.add("Label=" + string(launchd, "Label"));
        }
        assertThat(rules).containsAll(labels).contains("TeamIdentifier=" + PLACEHOLDER_TEAM);
    }

    static NSDictionary profile() throws Exception {
        NSObject parsed = PropertyListParser.parse(PROFILE.toFile());
        assertThat(parsed).isInstanceOf(NSDictionary.class);
        return (NSDictionary) parsed;
    }

    static List<NSDictionary> payloads() throws Exception {
        List<NSDictionary> found = new ArrayList<>();
        for (NSObject payload : ((NSArray) profile().objectForKey("PayloadContent")).getArray()) {
            found.add((NSDictionary) payload);
        }
        return found;
    }

    /** The example's payload of a type. */
    static NSDictionary payload(String type) throws Exception {
        return payloads().stream().filter(payload -> type.equals(string(payload, "PayloadType"))).findFirst().orElseThrow();
    }

    private static String string(NSDictionary dictionary, String key) {
        NSObject value = dictionary.objectForKey(key);
        assertThat(value).as(key).isNotNull();
        return value.toJavaObject().toString();
    }
}
