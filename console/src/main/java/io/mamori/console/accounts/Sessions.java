package io.mamori.console.accounts;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.keys.Secrets;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Browser sessions, kept in the database so that any console node can serve any request. The
 * cookie holds 256 random bits; the database holds their SHA-256. A session ends when it has been
 * idle too long, when it reaches its absolute limit, at sign-out, and when its account's password
 * changes or the account is disabled.
 */
@Singleton
public class Sessions {

    public static final String COOKIE = "mamori_session";
    /** Touching the last-seen time on every request would make every read a write. */
    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(15);

    /** A live session and the account behind it. */
    public record Live(String idHash, Account account, SessionStage stage, String csrfToken, String client) {

        /** The account as others may see it (no password hash, no secrets). */
        public AccountView person() {
            return account.view(Instant.now());
        }
    }

    /** A session just made: the cookie value goes to the browser, once. */
    public record Issued(String cookieValue, String csrfToken, SessionStage stage, Instant expiresAt) {
    }

    private final Database database;
    private final ConsoleSettings settings;
    private final Clock clock;
    private final AccountStore accounts = new AccountStore();

    public Sessions(Database database, ConsoleSettings settings, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
    }

    Issued create(Connection connection, String accountId, SessionStage stage, String client, Instant startedAt)
            throws SQLException {
        Instant now = clock.instant();
        String cookie = Secrets.newToken();
        String csrf = Secrets.newToken();
        Instant absolute = startedAt.plus(settings.getSessionAbsoluteTimeout());
        Instant expiresAt = stage == SessionStage.ACTIVE ? absolute
                : min(absolute, now.plus(settings.getSecondFactorTimeout()));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO login_session"
                + " (id_hash, account_id, stage, csrf_token, created_at, last_seen_at, expires_at, client)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, Secrets.sha256Hex(cookie));
            insert.setString(2, accountId);
            insert.setString(3, stage.name());
            insert.setString(4, csrf);
            Rows.setInstant(insert, 5, startedAt);
            Rows.setInstant(insert, 6, now);
            Rows.setInstant(insert, 7, expiresAt);
            Rows.setText(insert, 8, client);
            insert.executeUpdate();
        }
        return new Issued(cookie, csrf, stage, expiresAt);
    }

    /** The live session for a cookie value; expired sessions are removed and not returned. */
    public Optional<Live> find(String cookieValue) {
        if (cookieValue == null || cookieValue.length() != 43) {
            return Optional.empty();
        }
        String idHash = Secrets.sha256Hex(cookieValue);
        Instant now = clock.instant();
        Optional<Row> found = database.read(connection -> row(connection, idHash));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Row row = found.get();
        Optional<Account> account = database.read(connection -> accounts.byId(connection, row.accountId()));
        boolean idle = row.lastSeenAt().plus(settings.getSessionIdleTimeout()).isBefore(now);
        if (!row.expiresAt().isAfter(now) || idle || account.isEmpty() || account.get().disabledAt() != null) {
            end(idHash);
            return Optional.empty();
        }
        if (row.lastSeenAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            database.write(connection -> {
                try (PreparedStatement touch = connection.prepareStatement(
                        "UPDATE login_session SET last_seen_at = ? WHERE id_hash = ?")) {
                    Rows.setInstant(touch, 1, now);
                    touch.setString(2, idHash);
                    touch.executeUpdate();
                }
                return null;
            });
        }
        return Optional.of(new Live(idHash, account.get(), row.stage(), row.csrfToken(), row.client()));
    }

    /** When the session's sign-in started: later stages keep the absolute limit of the first. */
    Instant startedAt(Connection connection, String idHash) throws SQLException {
        return row(connection, idHash).map(Row::createdAt).orElseGet(clock::instant);
    }

    public void end(String idHash) {
        database.write(connection -> {
            end(connection, idHash);
            return null;
        });
    }

    void end(Connection connection, String idHash) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM login_session WHERE id_hash = ?")) {
            delete.setString(1, idHash);
            delete.executeUpdate();
        }
    }

    /** Ends every session of an account but {@code keep} (which may be null). */
    void endAll(Connection connection, String accountId, String keep) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM login_session WHERE account_id = ? AND id_hash <> ?")) {
            delete.setString(1, accountId);
            delete.setString(2, keep == null ? "" : keep);
            delete.executeUpdate();
        }
    }

    /** Removes sessions past their limits; run periodically so the table does not grow. */
    public int purgeExpired() {
        Instant now = clock.instant();
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM login_session WHERE expires_at <= ? OR last_seen_at < ?")) {
                Rows.setInstant(delete, 1, now);
                Rows.setInstant(delete, 2, now.minus(settings.getSessionIdleTimeout()));
                return delete.executeUpdate();
            }
        });
    }

    private record Row(String accountId, SessionStage stage, String csrfToken, Instant createdAt, Instant lastSeenAt,
            Instant expiresAt, String client) {
    }

    private static Optional<Row> row(Connection connection, String idHash) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT account_id, stage, csrf_token, created_at,"
                + " last_seen_at, expires_at, client FROM login_session WHERE id_hash = ?")) {
            statement.setString(1, idHash);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(row.getString(1), SessionStage.valueOf(row.getString(2)), row.getString(3),
                        Rows.instant(row, "created_at"), Rows.instant(row, "last_seen_at"), Rows.instant(row, "expires_at"),
                        row.getString(7)));
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
