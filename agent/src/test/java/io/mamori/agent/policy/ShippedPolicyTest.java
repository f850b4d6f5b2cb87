package io.mamori.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy a package ships: the console's own default read as a draft; anything else refused with the reason. */
class ShippedPolicyTest {

    static final Path CONSOLE_DEFAULT = Path.of("").toAbsolutePath().getParent()
            .resolve("console/src/main/resources/policies/default.json");

    @TempDir
    Path dir;

    @Test
    void theConsolesDefaultIsReadAsADraftWithNameVersionAndTimeFilledIn() throws Exception {
        Policy policy = ShippedPolicy.read(CONSOLE_DEFAULT);

        assertThat(policy.name()).isEqualTo("shipped");
        assertThat(policy.version()).isEqualTo(1);
        assertThat(policy.issuedAt()).isEqualTo(Files.getLastModifiedTime(CONSOLE_DEFAULT).toInstant());
        assertThat(policy.rules()).as("the default blocks personal data to unapproved sticks")
                .anyMatch(rule -> rule.action() == Action.BLOCK);
    }

    @Test
    void aMissingBrokenOrInvalidFileIsUnusableAndSaysWhy() throws IOException {
        assertThatThrownBy(() -> ShippedPolicy.read(dir.resolve("absent.json")))
                .isInstanceOf(ShippedPolicy.Unusable.class).hasMessageContaining("absent.json");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"format\": 1,");
        assertThatThrownBy(() -> ShippedPolicy.read(broken)).isInstanceOf(ShippedPolicy.Unusable.class);
        Path array = Files.writeString(dir.resolve("array.json"), "[]");
        assertThatThrownBy(() -> ShippedPolicy.read(array)).isInstanceOf(ShippedPolicy.Unusable.class)
                .hasMessageContaining("not a JSON object");
        Path deviceActionForFiles = Files.writeString(dir.resolve("bad.json"),
                "{\"format\": 1, \"defaultFileAction\": \"READ_ONLY\", \"uninspectable\": {\"action\": \"AUDIT\"}}");
        assertThatThrownBy(() -> ShippedPolicy.read(deviceActionForFiles)).isInstanceOf(ShippedPolicy.Unusable.class)
                .hasMessageContaining("defaultFileAction");
        Path huge = dir.resolve("huge.json");
        Files.write(huge, new byte[(int) ShippedPolicy.MAX_BYTES + 1]);
        assertThatThrownBy(() -> ShippedPolicy.read(huge)).isInstanceOf(ShippedPolicy.Unusable.class)
                .hasMessageContaining("at most");
    }
}
