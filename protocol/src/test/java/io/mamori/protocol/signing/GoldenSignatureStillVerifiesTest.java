package io.mamori.protocol.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.protocol.Samples;
import io.mamori.protocol.json.CanonicalJson;
import io.mamori.protocol.json.ProtocolJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Signatures made by earlier builds must keep verifying: the canonical form is a contract. */
class GoldenSignatureStillVerifiesTest {

    @Test
    void aPolicySignedByAnEarlierBuildStillVerifies() throws Exception {
        PolicyVerifier verifier = new PolicyVerifier(SigningKeys.decodePublicKey(GoldenFixtures.read("test-console-key-v1.pub")));
        VerifiedPolicy verified = verifier.verify(GoldenFixtures.read("signed-policy-v1.json"));
        assertThat(verified.policy()).isEqualTo(Samples.policy());
    }

    @Test
    void thisBuildWritesTheSameCanonicalFormAsTheGoldenFile() throws Exception {
        String golden = GoldenFixtures.read("policy-v1.canonical.json");
        String now = new String(CanonicalJson.bytes(ProtocolJson.toTree(Samples.policy())), StandardCharsets.UTF_8);
        assertThat(now).isEqualTo(golden);
    }
}
