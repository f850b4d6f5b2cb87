package io.mamori.agent.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The operation log's hash chain, format 1 (docs/agent.md): each record's hash is the SHA-256 of
 * {@code "mamori-oplog-v1\n" + previous hash (hex) + "\n" + seq + "\n" + document}, where the
 * document is the event in canonical JSON. The first record's previous hash is {@link #GENESIS}.
 * Editing a record changes its hash; deleting one breaks the link of the next.
 */
public final class ChainHash {

    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {
    }

    public static String of(String previousHash, long seq, String document) {
        MessageDigest digest = sha256();
        digest.update(("mamori-oplog-v1\n" + previousHash + "\n" + seq + "\n").getBytes(StandardCharsets.US_ASCII));
        digest.update(document.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** What a checkpoint's signature covers. */
    static byte[] checkpointMessage(long seq, String hash, long createdAtMillis) {
        return ("mamori-oplog-checkpoint-v1\n" + seq + "\n" + hash + "\n" + createdAtMillis).getBytes(StandardCharsets.US_ASCII);
    }

    /** What the anchor's signature covers: the last record pruned away. */
    static byte[] anchorMessage(long seq, String hash) {
        return ("mamori-oplog-anchor-v1\n" + seq + "\n" + hash).getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
