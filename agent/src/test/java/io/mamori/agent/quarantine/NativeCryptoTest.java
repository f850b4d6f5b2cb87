package io.mamori.agent.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.MessageDigest;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** OpenSSL's AES-256-GCM and SHA-256 give exactly the JDK's bytes, so stores open either way; a changed byte fails. */
class NativeCryptoTest {

    @Test
    void sealsOpensAndHashesExactlyAsTheJdkDoes() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || NativeCrypto.available(), "libcrypto is not installed here");
        assertThat(NativeCrypto.available()).as("Debian has libcrypto (CI must exercise it)").isTrue();
        Random random = new Random(7);
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        byte[] aad = new byte[61];
        random.nextBytes(key);
        random.nextBytes(nonce);
        random.nextBytes(aad);
        for (int length : new int[] {0, 1, 15, 16, 17, 65_536, 100_003}) {
            byte[] plain = new byte[length + 7]; // a buffer longer than the data, as the store passes its chunk buffer
            random.nextBytes(plain);
            byte[] mine = new byte[length + 16];
            int sealed = NativeCrypto.seal(key, nonce, aad, plain, length, mine);

            Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            jdk.updateAAD(aad);
            byte[] theirs = jdk.doFinal(plain, 0, length);

            assertThat(sealed).isEqualTo(length + 16);
            assertThat(mine).as("length " + length).isEqualTo(theirs);
            byte[] opened = new byte[Math.max(1, length)];
            assertThat(NativeCrypto.open(key, nonce, aad, mine, sealed, opened)).isTrue();
            assertThat(java.util.Arrays.copyOf(opened, length)).isEqualTo(java.util.Arrays.copyOf(plain, length));
            mine[random.nextInt(sealed)] ^= 1;
            assertThat(NativeCrypto.open(key, nonce, aad, mine, sealed, opened)).as("a flipped bit").isFalse();

            MessageDigest sha = NativeCrypto.sha256();
            sha.update(plain, 3, length);
            MessageDigest reference = MessageDigest.getInstance("SHA-256");
            reference.update(plain, 3, length);
            assertThat(sha.digest()).isEqualTo(reference.digest());
        }
        MessageDigest partWay = NativeCrypto.sha256();
        partWay.update("ab".getBytes());
        MessageDigest copy = (MessageDigest) partWay.clone();
        partWay.update("c".getBytes());
        copy.update("x".getBytes());
        assertThat(partWay.digest()).as("a clone goes its own way").isEqualTo(MessageDigest.getInstance("SHA-256")
                .digest("abc".getBytes()));
        assertThat(copy.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest("abx".getBytes()));
        NativeCrypto.preferForSha256();
        assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo(NativeCrypto.Provider.NAME);
        assertThat(java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("abc".getBytes())))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
