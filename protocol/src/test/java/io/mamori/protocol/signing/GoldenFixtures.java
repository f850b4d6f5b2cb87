package io.mamori.protocol.signing;

import io.mamori.protocol.Samples;
import io.mamori.protocol.json.CanonicalJson;
import io.mamori.protocol.json.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * Writes the golden files under src/test/resources/golden: a policy signed by a throw-away test
 * key, that key's public half, and the canonical form of {@link Samples#policy()}. They are
 * committed; {@link GoldenSignatureStillVerifiesTest} fails if a later change to the canonical
 * form or the signing scheme would break signatures already in the field. Run only on purpose:
 * {@code mvn -pl protocol test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.mamori.protocol.signing.GoldenFixtures}.
 */
public final class GoldenFixtures {

    static final Path DIRECTORY = Path.of("src/test/resources/golden");

    private GoldenFixtures() {
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(DIRECTORY);
        KeyPair keys = SigningKeys.generate();
        SignedPolicy signed = new PolicySigner(keys).sign(Samples.policy());
        Files.writeString(DIRECTORY.resolve("signed-policy-v1.json"), ProtocolJson.write(signed) + "\n");
        Files.writeString(DIRECTORY.resolve("test-console-key-v1.pub"), SigningKeys.encodePublicKey(keys.getPublic()) + "\n");
        Files.write(DIRECTORY.resolve("policy-v1.canonical.json"), CanonicalJson.bytes(ProtocolJson.toTree(Samples.policy())));
        System.out.println("wrote golden fixtures to " + DIRECTORY.toAbsolutePath());
    }

    static String read(String name) throws java.io.IOException {
        try (var in = GoldenFixtures.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new java.io.FileNotFoundException("golden/" + name + " is missing; see GoldenFixtures");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
