package io.mamori.console.accounts;

import io.mamori.console.keys.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle), in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} so that the parameters can be raised later
 * without invalidating stored hashes. 19 MiB, two passes, one lane: the OWASP recommendation.
 *
 * <p>At most one derivation per core runs at a time, whoever asks (found in an attack: two dozen
 * concurrent sign-ins took an administrator's pages to seconds and the console to ~2 GB). A
 * caller that cannot start within {@link #WAIT} is refused with 503 and {@code Retry-After}, so
 * a flood of sign-ins queues neither memory nor the request threads other pages need.
 */
public final class PasswordHasher {

    private static final int MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    static final java.time.Duration WAIT = java.time.Duration.ofMillis(500);
    private static final java.util.concurrent.Semaphore RUNNING = new java.util.concurrent.Semaphore(
            Math.max(1, Runtime.getRuntime().availableProcessors()), true);

    /** Verified against when the user does not exist, so that the answer takes as long either way. */
    private static final String DECOY = new PasswordHasher().hash("decoy password for unknown users");

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        Secrets.random().nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    public boolean verify(String password, String encoded) {
        Matcher m = PHC.matcher(encoded == null ? "" : encoded);
        if (!m.matches()) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(m.group(4));
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = derive(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time a real verification would, for a user that does not exist. */
    public void verifyDecoy(String password) {
        verify(password, DECOY);
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        boolean running;
        try {
            running = RUNNING.tryAcquire(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        if (!running) {
            throw new io.mamori.console.web.ApiException(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE, "BUSY",
                    "the console is checking many passwords at once; try again in a moment", null, 1L);
        }
        try {
            return argon2(password, salt, memoryKib, iterations, parallelism, length);
        } finally {
            RUNNING.release();
        }
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
