package io.mamori.console.accounts;

import io.mamori.console.storage.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code account} and {@code recovery_code} tables. Every method works inside the caller's transaction. */
final class AccountStore {

    private static final String COLUMNS = "id, username, display_name, role, password_hash, password_change_required,"
            + " totp_secret, totp_pending_secret, totp_last_step, failed_logins, locked_until, created_at, disabled_at";

    Optional<Account> byId(Connection connection, String id) throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM account WHERE id = ?", id);
    }

    Optional<Account> byUsername(Connection connection, String username) throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM account WHERE username = ?", username);
    }

    List<Account> all(Connection connection) throws SQLException {
        List<Account> accounts = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM account ORDER BY username");
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                accounts.add(map(row));
            }
        }
        return accounts;
    }

    long count(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM account");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    long activeAdmins(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COUNT(*) FROM account WHERE role = ? AND disabled_at IS NULL")) {
            statement.setString(1, Role.ADMIN.name());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    void insert(Connection connection, Account account) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO account (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, account.id());
            insert.setString(2, account.username());
            Rows.setText(insert, 3, account.displayName());
            insert.setString(4, account.role().name());
            insert.setString(5, account.passwordHash());
            insert.setBoolean(6, account.passwordChangeRequired());
            Rows.setText(insert, 7, account.totpSecret());
            Rows.setText(insert, 8, account.totpPendingSecret());
            insert.setLong(9, account.totpLastStep());
            insert.setInt(10, account.failedLogins());
            Rows.setInstant(insert, 11, account.lockedUntil());
            Rows.setInstant(insert, 12, account.createdAt());
            Rows.setInstant(insert, 13, account.disabledAt());
            insert.executeUpdate();
        }
    }

    void update(Connection connection, Account account) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE account SET display_name = ?, role = ?,"
                + " password_hash = ?, password_change_required = ?, totp_secret = ?, totp_pending_secret = ?,"
                + " totp_last_step = ?, failed_logins = ?, locked_until = ?, disabled_at = ? WHERE id = ?")) {
            Rows.setText(update, 1, account.displayName());
            update.setString(2, account.role().name());
            update.setString(3, account.passwordHash());
            update.setBoolean(4, account.passwordChangeRequired());
            Rows.setText(update, 5, account.totpSecret());
            Rows.setText(update, 6, account.totpPendingSecret());
            update.setLong(7, account.totpLastStep());
            update.setInt(8, account.failedLogins());
            Rows.setInstant(update, 9, account.lockedUntil());
            Rows.setInstant(update, 10, account.disabledAt());
            update.setString(11, account.id());
            update.executeUpdate();
        }
    }

    /** A recovery code as stored: its id, and the Argon2id hash of its secret part. */
    record StoredRecoveryCode(String id, String secretHash) {
    }

    void replaceRecoveryCodes(Connection connection, String accountId, List<StoredRecoveryCode> codes) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM recovery_code WHERE account_id = ?")) {
            delete.setString(1, accountId);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO recovery_code (account_id, code_hash, secret_hash) VALUES (?, ?, ?)")) {
            for (StoredRecoveryCode code : codes) {
                insert.setString(1, accountId);
                insert.setString(2, code.id());
                insert.setString(3, code.secretHash());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The hash of the unused recovery code with this id, if there is one. */
    Optional<String> unusedRecoveryCodeHash(Connection connection, String accountId, String codeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT secret_hash FROM recovery_code"
                + " WHERE account_id = ? AND code_hash = ? AND used_at IS NULL AND secret_hash IS NOT NULL")) {
            select.setString(1, accountId);
            select.setString(2, codeId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /** Marks an unused recovery code used; false when there is no such unused code (used meanwhile). */
    boolean useRecoveryCode(Connection connection, String accountId, String codeId, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE recovery_code SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at IS NULL")) {
            Rows.setInstant(update, 1, now);
            update.setString(2, accountId);
            update.setString(3, codeId);
            return update.executeUpdate() == 1;
        }
    }

    int unusedRecoveryCodes(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COUNT(*) FROM recovery_code WHERE account_id = ? AND used_at IS NULL")) {
            statement.setString(1, accountId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private Optional<Account> one(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(map(row)) : Optional.empty();
            }
        }
    }

    private static Account map(ResultSet row) throws SQLException {
        return new Account(row.getString("id"), row.getString("username"), row.getString("display_name"),
                Role.valueOf(row.getString("role")), row.getString("password_hash"), row.getBoolean("password_change_required"),
                row.getString("totp_secret"), row.getString("totp_pending_secret"), row.getLong("totp_last_step"),
                row.getInt("failed_logins"), Rows.instant(row, "locked_until"), Rows.instant(row, "created_at"),
                Rows.instant(row, "disabled_at"));
    }
}
