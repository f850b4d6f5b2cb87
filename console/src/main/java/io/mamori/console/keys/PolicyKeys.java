package io.mamori.console.keys;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.protocol.secrets.PrivateFiles;
import io.mamori.protocol.signing.PolicySigner;
import io.mamori.protocol.signing.SigningKeys;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's Ed25519 policy-signing keys. The first start makes one; {@link #rotate} makes a
 * new current key for agents that enroll from then on, while agents that pinned an older key keep
 * receiving policy signed with it. Private keys are PKCS#8 files in {@code keys/}, owner-only;
 * the database records each key's public half and which one is current.
 */
@Singleton
public class PolicyKeys {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyKeys.class);

    /** A key as the admin API shows it. */
    public record KeyInfo(String keyId, String publicKey, Instant createdAt, boolean current, Instant retiredAt) {
    }

    private final Database database;
    private final Path directory;
    private final Clock clock;
    private final Map<String, PolicySigner> signers = new ConcurrentHashMap<>();

    public PolicyKeys(Database database, ConsoleSettings settings, Clock clock) {
        this.database = database;
        this.directory = settings.dataDir().resolve("keys");
        this.clock = clock;
        String current = currentKeyId();
        if (current == null) {
            KeyInfo created = create(true);
            LOG.info("created the policy signing key {} in {}", SigningKeys.shortId(created.keyId()), directory);
        } else {
            signer(current);
        }
    }

    /** The key new enrollments pin. */
    public String currentKeyId() {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT key_id FROM console_key WHERE is_current = ?")) {
                statement.setBoolean(1, true);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
    }

    public String publicKey(String keyId) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT public_key FROM console_key WHERE key_id = ?")) {
                statement.setString(1, keyId);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("no policy key " + SigningKeys.shortId(keyId));
                    }
                    return row.getString(1);
                }
            }
        });
    }

    /** The signer for a key; its private half must be in {@code keys/}. */
    public PolicySigner signer(String keyId) {
        return signers.computeIfAbsent(keyId, this::loadSigner);
    }

    public List<KeyInfo> list() {
        return database.read(connection -> {
            List<KeyInfo> keys = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT key_id, public_key, created_at, is_current, retired_at FROM console_key ORDER BY created_at");
                    ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    keys.add(new KeyInfo(row.getString(1), row.getString(2), Rows.instant(row, "created_at"),
                            row.getBoolean(4), Rows.instant(row, "retired_at")));
                }
            }
            return keys;
        });
    }

    /** Makes a new current key; older keys keep signing for the agents that pinned them. */
    public KeyInfo rotate() {
        return create(false);
    }

    private KeyInfo create(boolean first) {
        KeyPair pair = SigningKeys.generate();
        String keyId = SigningKeys.keyId(pair.getPublic());
        try {
            PrivateFiles.directory(directory);
            PrivateFiles.write(fileOf(keyId), SigningKeys.encodePrivateKeyPem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the policy signing key to " + directory + ": " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        String publicKey = SigningKeys.encodePublicKey(pair.getPublic());
        database.write(connection -> {
            if (first) {
                try (PreparedStatement check = connection.prepareStatement("SELECT COUNT(*) FROM console_key");
                        ResultSet row = check.executeQuery()) {
                    row.next();
                    if (row.getLong(1) > 0) {
                        return null;
                    }
                }
            }
            try (PreparedStatement demote = connection.prepareStatement("UPDATE console_key SET is_current = ? WHERE is_current = ?")) {
                demote.setBoolean(1, false);
                demote.setBoolean(2, true);
                demote.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO console_key (key_id, public_key, created_at, is_current) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, keyId);
                insert.setString(2, publicKey);
                Rows.setInstant(insert, 3, now);
                insert.setBoolean(4, true);
                insert.executeUpdate();
            }
            return null;
        });
        signers.put(keyId, new PolicySigner(pair));
        return new KeyInfo(keyId, publicKey, now, true, null);
    }

    private PolicySigner loadSigner(String keyId) {
        Path file = fileOf(keyId);
        if (!Files.exists(file)) {
            throw new IllegalStateException("the private half of policy key " + SigningKeys.shortId(keyId) + " is not in "
                    + directory + "; on a console with several nodes, copy keys/ from the first node to every node");
        }
        try {
            PrivateKey privateKey = SigningKeys.decodePrivateKeyPem(new String(PrivateFiles.read(file), StandardCharsets.US_ASCII));
            PublicKey publicKey = SigningKeys.decodePublicKey(publicKey(keyId));
            if (!halvesMatch(publicKey, privateKey)) {
                throw new IllegalStateException(file + " does not hold the private half of key " + SigningKeys.shortId(keyId));
            }
            return new PolicySigner(new KeyPair(publicKey, privateKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean halvesMatch(PublicKey publicKey, PrivateKey privateKey) {
        try {
            byte[] probe = "mamori-key-check".getBytes(StandardCharsets.US_ASCII);
            Signature signing = Signature.getInstance(SigningKeys.ALGORITHM);
            signing.initSign(privateKey);
            signing.update(probe);
            byte[] signature = signing.sign();
            Signature verifying = Signature.getInstance(SigningKeys.ALGORITHM);
            verifying.initVerify(publicKey);
            verifying.update(probe);
            return verifying.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    private Path fileOf(String keyId) {
        return directory.resolve("policy-" + keyId + ".pem");
    }
}
