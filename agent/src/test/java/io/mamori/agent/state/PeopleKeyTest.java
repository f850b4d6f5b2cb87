package io.mamori.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's people key: made once, owner-only, kept; one others could read is replaced. */
class PeopleKeyTest {

    @TempDir
    Path dir;

    @Test
    void theKeyIsMadeOnceOwnerOnlyAndKept() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("state"));
        String key = PeopleKey.loadOrCreate(state);
        assertThat(key).matches("[0-9a-f]{32}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.peopleKey()))).isEqualTo("rw-------");
        assertThat(PeopleKey.loadOrCreate(state)).isEqualTo(key);
    }

    @Test
    void aKeyOthersCanReadOrThatIsNoKeyIsReplaced() throws Exception {
        StateDirectory state = StateDirectory.open(dir.resolve("state"));
        String key = PeopleKey.loadOrCreate(state);
        Files.setPosixFilePermissions(state.peopleKey(), PosixFilePermissions.fromString("rw-r--r--"));
        String replaced = PeopleKey.loadOrCreate(state);
        assertThat(replaced).isNotEqualTo(key).matches("[0-9a-f]{32}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.peopleKey()))).isEqualTo("rw-------");

        Files.writeString(state.peopleKey(), "not a key");
        Files.setPosixFilePermissions(state.peopleKey(), PosixFilePermissions.fromString("rw-------"));
        assertThat(PeopleKey.loadOrCreate(state)).isNotEqualTo(replaced).matches("[0-9a-f]{32}");
    }
}
