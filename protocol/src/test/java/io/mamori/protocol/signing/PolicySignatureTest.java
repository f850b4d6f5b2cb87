package io.mamori.protocol.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mamori.protocol.Samples;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.signing.PolicySignatureException.Reason;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySignatureTest {

    private final KeyPair consoleKey = SigningKeys.generate();
    private final PolicySigner signer = new PolicySigner(consoleKey);
    private final PolicyVerifier verifier = new PolicyVerifier(consoleKey.getPublic());

    private String signedJson() {
        return ProtocolJson.write(signer.sign(Samples.policy()));
    }

    private Reason refusalOf(String json) {
        try {
            verifier.verify(json);
        } catch (PolicySignatureException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.reason();
        }
        throw new AssertionError("verified: " + json);
    }

    @Test
    void aSignedPolicyVerifiesAgainstThePinnedKey() throws Exception {
        VerifiedPolicy verified = verifier.verify(signedJson());
        assertThat(verified.policy()).isEqualTo(Samples.policy());
        assertThat(verified.keyId()).isEqualTo(SigningKeys.keyId(consoleKey.getPublic()));
    }

    @Test
    void theSignatureSurvivesPrettyPrintingReorderingAndEscaping() throws Exception {
        JsonNode tree = ProtocolJson.readTree(signedJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ObjectNode reordered = reverseMembers(tree);
        String pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                .writeValueAsString(reordered);
        assertThat(pretty).contains("\\u").contains("\n  ");
        assertThat(verifier.verify(pretty).policy()).isEqualTo(Samples.policy());
    }

    @Test
    void aChangedValueIsDetected() {
        ObjectNode tree = (ObjectNode) ProtocolJson.readTree(signedJson().getBytes());
        ((ObjectNode) tree.get("policy").get("rules").get(0)).put("action", "AUDIT");
        assertThat(refusalOf(tree.toString())).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void anAddedFieldIsDetected() {
        ObjectNode tree = (ObjectNode) ProtocolJson.readTree(signedJson().getBytes());
        ((ObjectNode) tree.get("policy")).putArray("deviceAllowList").addObject().put("vendorId", "dead");
        assertThat(refusalOf(tree.toString())).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void aRemovedRuleIsDetected() {
        ObjectNode tree = (ObjectNode) ProtocolJson.readTree(signedJson().getBytes());
        ((com.fasterxml.jackson.databind.node.ArrayNode) tree.get("policy").get("rules")).remove(0);
        assertThat(refusalOf(tree.toString())).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void aPolicySignedByAnotherKeyIsRefusedAsWrongKey() {
        String json = ProtocolJson.write(new PolicySigner(SigningKeys.generate()).sign(Samples.policy()));
        PolicySignatureException e = org.junit.jupiter.api.Assertions.assertThrows(PolicySignatureException.class,
                () -> verifier.verify(json));
        assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
        assertThat(e.getMessage()).contains(SigningKeys.shortId(verifier.pinnedKeyId())).contains("pinned at enrollment");
    }

    @Test
    void anotherKeyClaimingThePinnedKeyIdIsRefusedAsBadSignature() {
        SignedPolicy forged = new PolicySigner(SigningKeys.generate()).sign(Samples.policy());
        SignedPolicy relabelled = new SignedPolicy(forged.policy(), new PolicySignature("Ed25519",
                verifier.pinnedKeyId(), forged.signature().value()));
        assertThat(refusalOf(ProtocolJson.write(relabelled))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void aSignatureFromAnotherDocumentIsRefused() {
        SignedPolicy a = signer.sign(Samples.policy());
        ObjectNode other = (ObjectNode) ProtocolJson.toTree(Samples.policy());
        other.put("version", 8);
        SignedPolicy b = signer.sign(other);
        SignedPolicy swapped = new SignedPolicy(b.policy(), a.signature());
        assertThat(refusalOf(ProtocolJson.write(swapped))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void aTruncatedSignatureIsABadSignature() {
        SignedPolicy good = signer.sign(Samples.policy());
        byte[] bytes = Base64.getDecoder().decode(good.signature().value());
        String truncated = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, 10));
        SignedPolicy bad = new SignedPolicy(good.policy(), new PolicySignature("Ed25519", good.signature().keyId(), truncated));
        assertThat(refusalOf(ProtocolJson.write(bad))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void anUnknownAlgorithmIsRefused() {
        SignedPolicy good = signer.sign(Samples.policy());
        SignedPolicy rsa = new SignedPolicy(good.policy(), new PolicySignature("RS256", good.signature().keyId(),
                good.signature().value()));
        assertThat(refusalOf(ProtocolJson.write(rsa))).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void brokenEnvelopesAreMalformed() {
        assertThat(refusalOf("not json")).isEqualTo(Reason.MALFORMED);
        assertThat(refusalOf("{\"policy\":{}}")).isEqualTo(Reason.MALFORMED);
        assertThat(refusalOf("{\"policy\":[],\"signature\":{\"algorithm\":\"Ed25519\",\"keyId\":\"x\",\"value\":\"x\"}}"))
                .isEqualTo(Reason.MALFORMED);
        SignedPolicy good = signer.sign(Samples.policy());
        SignedPolicy notBase64 = new SignedPolicy(good.policy(), new PolicySignature("Ed25519",
                good.signature().keyId(), "***"));
        assertThat(refusalOf(ProtocolJson.write(notBase64))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void aDuplicateKeyInsideTheSignedPolicyIsRefused() {
        // Two parsers could read {"action":"AUDIT","action":"BLOCK"} differently; never accept it.
        String json = signedJson().replace("\"action\":\"BLOCK\"", "\"action\":\"BLOCK\",\"action\":\"AUDIT\"");
        assertThat(refusalOf(json)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void aCorrectlySignedButInvalidPolicyIsRefusedAsInvalid() {
        ObjectNode tree = (ObjectNode) ProtocolJson.toTree(Samples.policy());
        ((ObjectNode) tree.get("rules").get(0)).put("action", "DENY"); // device action in a FILE rule
        PolicySignatureException e = org.junit.jupiter.api.Assertions.assertThrows(PolicySignatureException.class,
                () -> verifier.verify(ProtocolJson.write(signer.sign(tree))));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_POLICY);
        assertThat(e.getMessage()).contains("rules[0].action");
    }

    @Test
    void aPolicyFromANewerFormatIsRefusedWithAnUpgradeHint() {
        ObjectNode tree = (ObjectNode) ProtocolJson.toTree(Samples.policy());
        tree.put("format", 2);
        PolicySignatureException e = org.junit.jupiter.api.Assertions.assertThrows(PolicySignatureException.class,
                () -> verifier.verify(ProtocolJson.write(signer.sign(tree))));
        assertThat(e.reason()).isEqualTo(Reason.INVALID_POLICY);
        assertThat(e.getMessage()).contains("upgrade the agent");
    }

    @Test
    void fieldsFromANewerConsoleAreCoveredBySignatureAndOtherwiseIgnored() throws Exception {
        ObjectNode tree = (ObjectNode) ProtocolJson.toTree(Samples.policy());
        tree.put("addedLater", "value");
        String json = ProtocolJson.write(signer.sign(tree));
        assertThat(verifier.verify(json).policy()).isEqualTo(Samples.policy());
        assertThat(refusalOf(json.replace("\"addedLater\":\"value\"", "\"addedLater\":\"other\"")))
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void keysRoundTripThroughTheirTextForms() throws Exception {
        KeyPair keys = SigningKeys.generate();
        String pem = SigningKeys.encodePrivateKeyPem(keys.getPrivate());
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        KeyPair reloaded = new KeyPair(SigningKeys.decodePublicKey(SigningKeys.encodePublicKey(keys.getPublic())),
                SigningKeys.decodePrivateKeyPem(pem));
        String json = ProtocolJson.write(new PolicySigner(reloaded).sign(Samples.policy()));
        assertThat(new PolicyVerifier(keys.getPublic()).verify(json).policy()).isEqualTo(Samples.policy());
    }

    @Test
    void badKeyTextIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> SigningKeys.decodePublicKey("%%%")).hasMessageContaining("base64");
        assertThatThrownBy(() -> SigningKeys.decodePublicKey(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})))
                .hasMessageContaining("Ed25519");
        assertThatThrownBy(() -> SigningKeys.decodePrivateKeyPem("hello")).hasMessageContaining("PEM");
    }

    private static ObjectNode reverseMembers(JsonNode node) {
        ObjectNode copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        Collections.reverse(names);
        for (String name : names) {
            JsonNode child = node.get(name);
            copy.set(name, child.isObject() ? reverseMembers(child) : child);
        }
        return copy;
    }
}
