package io.mamori.console.accounts;

import io.mamori.console.storage.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed sign-ins slow further attempts down, without handing anyone a way to lock a person out
 * (OWASP ASVS 5.0 §6.3; OWASP's "device cookie" design). Failures are counted against three keys,
 * each with a number of free attempts and then a delay that doubles with every further failure, up
 * to a cap:
 *
 * <ul>
 *   <li>the client's address, whichever accounts it tries (10 free, then 1 s doubling, at most 15 min);</li>
 *   <li>the person, for browsers they have never signed in from — a known account's count is its
 *       {@code failed_logins} and {@code locked_until} (the admin API shows and clears it), an
 *       unknown name's is kept here so that both look the same (the lock-out threshold free, then
 *       1 min doubling, at most the lock-out duration);</li>
 *   <li>each browser the person has signed in from ({@link TrustedDevices}), counted on its own: a
 *       stranger's failures never hold up the person's own browser (same threshold, 1 s doubling).</li>
 * </ul>
 *
 * While a key is held up, attempts are refused before any password is checked (no Argon2 work, no
 * write), and they do not count. Nothing a stranger does ends anyone's session. A count left alone
 * for a day starts again from zero.
 */
final class SignInThrottle {

    /** Free failures per address, across accounts. */
    static final int ADDRESS_FREE = 10;
    static final Duration ADDRESS_FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration DEVICE_FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration PERSON_FIRST_DELAY = Duration.ofMinutes(1);
    static final Duration CAP = Duration.ofMinutes(15);
    private static final Duration FORGOTTEN_AFTER = Duration.ofDays(1);

    private final int personFree;
    private final Duration personCap;

    /**
     * @param personFree the failures a person may make before sign-ins from unknown browsers wait (the lock-out threshold)
     * @param personCap  the longest such wait (the lock-out duration)
     */
    SignInThrottle(int personFree, Duration personCap) {
        this.personFree = personFree;
        this.personCap = personCap;
    }

    /** Who is trying: from where, as whom, and from which of the person's own browsers if any. */
    record Attempt(String address, String username, String deviceHash) {
        boolean trusted() {
            return deviceHash != null;
        }
    }

    /** The delay after {@code failures}: none within the free ones, then {@code first} doubling, at most {@code cap}. */
    static Optional<Duration> delayAfter(int failures, int free, Duration first, Duration cap) {
        if (failures < free) {
            return Optional.empty();
        }
        int doublings = Math.min(failures - free, 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return Optional.of(delay.compareTo(cap) > 0 ? cap : delay);
    }

    /**
     * When this attempt may be made, if not now: the latest of the holds on its address, and on its
     * browser (trusted) or the person (not trusted; a known account's hold is {@code accountLockedUntil}).
     */
    Optional<Instant> heldUntil(Connection connection, Attempt attempt, Instant accountLockedUntil, Instant now)
            throws SQLException {
        Instant until = later(blockedUntil(connection, addressKey(attempt)), null);
        if (attempt.trusted()) {
            until = later(until, blockedUntil(connection, deviceKey(attempt)));
        } else {
            until = later(until, accountLockedUntil != null ? accountLockedUntil : blockedUntil(connection, unknownKey(attempt)));
        }
        return until != null && until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    /** Counts a failure against the address, and against the browser when trusted (the person's own count is the caller's). */
    void failedAddressAndDevice(Connection connection, Attempt attempt, Instant now) throws SQLException {
        count(connection, addressKey(attempt), ADDRESS_FREE, ADDRESS_FIRST_DELAY, CAP, now);
        if (attempt.trusted()) {
            count(connection, deviceKey(attempt), personFree, DEVICE_FIRST_DELAY, personCap, now);
        }
    }

    /** Counts a failure for a user name no account has. */
    void failedUnknownName(Connection connection, Attempt attempt, Instant now) throws SQLException {
        count(connection, unknownKey(attempt), personFree, PERSON_FIRST_DELAY, personCap, now);
    }

    /** When a known person's untrusted sign-ins may go on after {@code failures} in a row. */
    Optional<Instant> personHeldUntil(int failures, Instant now) {
        return delayAfter(failures, personFree, PERSON_FIRST_DELAY, personCap).map(now::plus);
    }

    /** A successful sign-in forgets the browser's failures (the address keeps its count: it may be spraying). */
    void succeeded(Connection connection, Attempt attempt) throws SQLException {
        if (attempt.trusted()) {
            forget(connection, deviceKey(attempt));
        }
    }

    private static String addressKey(Attempt attempt) {
        return "address:" + attempt.address();
    }

    private static String deviceKey(Attempt attempt) {
        return "device:" + attempt.deviceHash();
    }

    private static String unknownKey(Attempt attempt) {
        String name = attempt.username();
        return "user:" + (name.length() > 100 ? name.substring(0, 100) : name);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Instant blockedUntil(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT blocked_until FROM signin_throttle WHERE throttle_key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Rows.instant(row, "blocked_until") : null;
            }
        }
    }

    private static void count(Connection connection, String key, int free, Duration first, Duration cap, Instant now)
            throws SQLException {
        int failures = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT failures, updated_at FROM signin_throttle"
                + " WHERE throttle_key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                if (row.next() && Duration.between(Rows.instant(row, "updated_at"), now).compareTo(FORGOTTEN_AFTER) < 0) {
                    failures = row.getInt("failures");
                }
            }
        }
        failures++;
        Instant until = delayAfter(failures, free, first, cap).map(now::plus).orElse(null);
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO signin_throttle (throttle_key, failures,"
                + " blocked_until, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (throttle_key) DO UPDATE SET"
                + " failures = excluded.failures, blocked_until = excluded.blocked_until, updated_at = excluded.updated_at")) {
            upsert.setString(1, key);
            upsert.setInt(2, failures);
            Rows.setInstant(upsert, 3, until);
            Rows.setInstant(upsert, 4, now);
            upsert.executeUpdate();
        }
    }

    private static void forget(Connection connection, String key) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM signin_throttle WHERE throttle_key = ?")) {
            delete.setString(1, key);
            delete.executeUpdate();
        }
    }

    /** Drops counts left alone for a day (the console's upkeep). */
    static int purge(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM signin_throttle WHERE updated_at < ?"
                + " AND (blocked_until IS NULL OR blocked_until < ?)")) {
            Rows.setInstant(delete, 1, now.minus(FORGOTTEN_AFTER));
            Rows.setInstant(delete, 2, now);
            return delete.executeUpdate();
        }
    }
}
