package io.mamori.console.accounts;

import io.mamori.console.keys.Secrets;
import io.mamori.console.storage.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The browsers a person has signed in from: a random token in the {@code mamori_device} cookie
 * (HttpOnly, Secure, SameSite=Strict), its hash here with the account. Failures from elsewhere do
 * not hold up sign-ins from these ({@link SignInThrottle}). A token is good for one account, for
 * {@link #LIFETIME} after its last use; an account keeps at most {@link #PER_ACCOUNT}; a new
 * password forgets them all.
 */
final class TrustedDevices {

    static final String COOKIE = "mamori_device";
    static final Duration LIFETIME = Duration.ofDays(180);
    static final int PER_ACCOUNT = 20;

    /** The hash under which the cookie's token is known for this account, if it is. */
    Optional<String> recognise(Connection connection, String token, String accountId, Instant now) throws SQLException {
        if (token == null || token.isEmpty() || token.length() > 100 || accountId == null) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(token);
        try (PreparedStatement select = connection.prepareStatement("SELECT last_used_at FROM trusted_device"
                + " WHERE id_hash = ? AND account_id = ?")) {
            select.setString(1, hash);
            select.setString(2, accountId);
            try (ResultSet row = select.executeQuery()) {
                if (row.next() && Rows.instant(row, "last_used_at").plus(LIFETIME).isAfter(now)) {
                    return Optional.of(hash);
                }
            }
        }
        return Optional.empty();
    }

    /** After a complete sign-in: the token to set (a new one unless the browser's is still good), its use noted. */
    String remember(Connection connection, String token, String accountId, Instant now) throws SQLException {
        Optional<String> known = recognise(connection, token, accountId, now);
        if (known.isPresent()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE trusted_device SET last_used_at = ? WHERE id_hash = ?")) {
                Rows.setInstant(update, 1, now);
                update.setString(2, known.get());
                update.executeUpdate();
            }
            return token;
        }
        String fresh = Secrets.newToken();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO trusted_device (id_hash, account_id, created_at,"
                + " last_used_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, Secrets.sha256Hex(fresh));
            insert.setString(2, accountId);
            Rows.setInstant(insert, 3, now);
            Rows.setInstant(insert, 4, now);
            insert.executeUpdate();
        }
        try (PreparedStatement trim = connection.prepareStatement("DELETE FROM trusted_device WHERE account_id = ? AND id_hash NOT IN"
                + " (SELECT id_hash FROM trusted_device WHERE account_id = ? ORDER BY last_used_at DESC LIMIT " + PER_ACCOUNT + ")")) {
            trim.setString(1, accountId);
            trim.setString(2, accountId);
            trim.executeUpdate();
        }
        return fresh;
    }

    /** Forgets every browser of the account (a new password, a reset, a disabled account). */
    void forgetAll(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM trusted_device WHERE account_id = ?")) {
            delete.setString(1, accountId);
            delete.executeUpdate();
        }
    }
}
