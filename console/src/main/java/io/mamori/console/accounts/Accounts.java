package io.mamori.console.accounts;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.audit.AuditTrail;
import io.mamori.console.keys.SecretBox;
import io.mamori.console.keys.Secrets;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console accounts: signing in (password, then the second factor, then any required password
 * change or second-factor enrolment), lock-out after repeated failures, TOTP with recovery codes,
 * and what administrators do to accounts. Every change is written with its audit entry in one
 * transaction.
 *
 * <p>Sign-in failures all look the same from outside — wrong name, wrong password, wrong code,
 * disabled — and take the same time (an unknown name still costs an Argon2 verification). Failures
 * slow further attempts down ({@link SignInThrottle}): from the same address, for the same person
 * from browsers they have not signed in from, and per browser they have ({@link TrustedDevices}),
 * each with a growing delay. While held up, an attempt is refused before any password is checked.
 * Failures never end a session: a stranger cannot lock anyone out of the browser they use.
 */
@Singleton
public class Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    private static final int RECOVERY_CODES = 10;
    private static final String ISSUER = "Mamori";

    /**
     * Where a sign-in step left the person: the session to use from now on, and once the password
     * (and the second factor, if any) is proven, the browser's {@code mamori_device} token to keep.
     */
    public record SignIn(Sessions.Issued session, AccountView account, String deviceToken) {
    }

    /** The cookie that marks a browser the person has signed in from. */
    public static final String DEVICE_COOKIE = TrustedDevices.COOKIE;
    public static final java.time.Duration DEVICE_COOKIE_LIFETIME = TrustedDevices.LIFETIME;

    /** A TOTP secret to put into an authenticator app (shown once, confirmed with a code). */
    public record SecondFactorEnrolment(String secret, String otpauthUri) {
    }

    /** The recovery codes of a confirmed second factor (shown once) and, during sign-in, the next session. */
    public record SecondFactorConfirmed(List<String> recoveryCodes, Sessions.Issued session) {
    }

    /** An account made or reset by an administrator, with the one-time password to hand over. */
    public record OneTimeCredential(AccountView account, String oneTimePassword) {
    }

    private final Database database;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final SecretBox secrets;
    private final ConsoleSettings settings;
    private final Clock clock;
    private final PasswordHasher hasher = new PasswordHasher();
    private final AccountStore store = new AccountStore();
    private final TrustedDevices devices = new TrustedDevices();
    private final SignInThrottle throttle;

    public Accounts(Database database, Sessions sessions, AuditTrail audit, SecretBox secrets, ConsoleSettings settings,
            Clock clock) {
        this.database = database;
        this.sessions = sessions;
        this.audit = audit;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
        this.throttle = new SignInThrottle(settings.getLockoutThreshold(), settings.getLockoutDuration());
    }

    // ---------------------------------------------------------------- signing in

    /**
     * First step: the password.
     *
     * @param deviceToken the browser's {@code mamori_device} cookie, if it sent one
     */
    public SignIn signIn(String username, String password, String client, String deviceToken) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        record Known(Optional<Account> account, SignInThrottle.Attempt attempt, Optional<Instant> heldUntil) {
        }
        Known known = database.read(connection -> {
            Optional<Account> account = name.isEmpty() ? Optional.empty() : store.byUsername(connection, name);
            String device = account.isEmpty() ? null
                    : devices.recognise(connection, deviceToken, account.get().id(), now).orElse(null);
            SignInThrottle.Attempt attempt = new SignInThrottle.Attempt(client, name, device);
            return new Known(account, attempt, throttle.heldUntil(connection, attempt,
                    account.map(Account::lockedUntil).orElse(null), now));
        });
        if (known.heldUntil().isPresent()) {
            throw throttled(known.heldUntil().get(), now); // before any Argon2 work, and nothing written
        }
        SignInThrottle.Attempt attempt = known.attempt();
        if (known.account().isEmpty()) {
            hasher.verifyDecoy(password == null ? "" : password);
            database.write(connection -> {
                throttle.failedAddressAndDevice(connection, attempt, now);
                if (!name.isEmpty()) {
                    throttle.failedUnknownName(connection, attempt, now);
                }
                audit.record(connection, name.isEmpty() ? "-" : truncate(name), client, "signin.failed", "account", null,
                        Map.of("reason", "unknown user"));
                return null;
            });
            throw signInFailed();
        }
        Account account = known.account().get();
        boolean passwordOk = hasher.verify(password == null ? "" : password, account.passwordHash());
        if (account.disabledAt() != null) {
            audit.record(account.username(), client, "signin.failed", "account", account.id(), Map.of("reason", "disabled"));
            throw signInFailed();
        }
        if (!passwordOk) {
            recordFailure(account, attempt, "wrong password");
            throw signInFailed();
        }
        SessionStage stage = stageAfter(account, false);
        return database.write(connection -> {
            String device = null;
            if (stage != SessionStage.SECOND_FACTOR) {
                device = proven(connection, account, attempt, deviceToken, now);
            }
            Sessions.Issued issued = sessions.create(connection, account.id(), stage, client, now);
            audit.record(connection, account.username(), client, stage == SessionStage.ACTIVE ? "signin" : "signin.password",
                    "account", account.id(), Map.of("next", stage.name()));
            return new SignIn(issued, account.view(now), device);
        });
    }

    /**
     * Uses a recovery code: found by its id (its first group), its secret part checked against the
     * stored Argon2id hash — one derivation per attempt, and an unknown id costs the same.
     */
    private boolean useRecoveryCode(Account account, String typed, Instant now) {
        String code = OneTimeSecrets.normalise(typed);
        if (code.length() != OneTimeSecrets.RECOVERY_CODE_LENGTH) {
            hasher.verifyDecoy(code);
            return false;
        }
        String id = code.substring(0, OneTimeSecrets.RECOVERY_CODE_ID_LENGTH);
        Optional<String> hash = database.read(connection -> store.unusedRecoveryCodeHash(connection, account.id(), id));
        if (hash.isEmpty()) {
            hasher.verifyDecoy(code);
            return false;
        }
        return hasher.verify(code.substring(id.length()), hash.get())
                && database.write(connection -> store.useRecoveryCode(connection, account.id(), id, now));
    }

    /** Everything the person must show is shown: failures are forgotten and the browser is remembered. */
    private String proven(Connection connection, Account account, SignInThrottle.Attempt attempt, String deviceToken, Instant now)
            throws SQLException {
        resetFailures(connection, account.id());
        throttle.succeeded(connection, attempt);
        return devices.remember(connection, deviceToken, account.id(), now);
    }

    /** The person's attempt as the throttle sees it. */
    private SignInThrottle.Attempt attemptOf(Account account, String client, String deviceToken, Instant now) {
        String device = database.read(connection -> devices.recognise(connection, deviceToken, account.id(), now).orElse(null));
        return new SignInThrottle.Attempt(client, account.username(), device);
    }

    private void requireNotHeld(Account account, SignInThrottle.Attempt attempt, Instant now) {
        Optional<Instant> held = database.read(connection -> throttle.heldUntil(connection, attempt, account.lockedUntil(), now));
        if (held.isPresent()) {
            throw throttled(held.get(), now);
        }
    }

    /** Second step: a TOTP code, or one of the recovery codes. */
    public SignIn secondFactor(Sessions.Live live, String code, String recoveryCode, String client, String deviceToken) {
        requireStage(live, SessionStage.SECOND_FACTOR);
        Account account = live.account();
        Instant now = clock.instant();
        SignInThrottle.Attempt attempt = attemptOf(account, client, deviceToken, now);
        requireNotHeld(account, attempt, now);
        boolean ok;
        String method;
        if (recoveryCode != null && !recoveryCode.isBlank()) {
            method = "recovery code";
            ok = useRecoveryCode(account, recoveryCode, now);
        } else {
            method = "authenticator code";
            long step = Totp.matchingStep(secrets.open(account.totpSecret()), code, now);
            ok = step >= 0 && database.write(connection -> claimStep(connection, account.id(), step));
        }
        if (!ok) {
            recordFailure(account, attempt, "wrong " + method);
            throw signInFailed();
        }
        SessionStage stage = stageAfter(account, true);
        return database.write(connection -> {
            String device = proven(connection, account, attempt, deviceToken, now);
            Instant startedAt = sessions.startedAt(connection, live.idHash());
            sessions.end(connection, live.idHash());
            Sessions.Issued issued = sessions.create(connection, account.id(), stage, client, startedAt);
            int left = store.unusedRecoveryCodes(connection, account.id());
            audit.record(connection, account.username(), client, stage == SessionStage.ACTIVE ? "signin" : "signin.second-factor",
                    "account", account.id(), Map.of("method", method, "next", stage.name(), "recoveryCodesLeft", left));
            return new SignIn(issued, account.view(now), device);
        });
    }

    public SignIn changePassword(Sessions.Live live, String currentPassword, String newPassword, String client) {
        if (live.stage() != SessionStage.ACTIVE && live.stage() != SessionStage.PASSWORD_CHANGE) {
            throw ApiException.forbidden("finish signing in first");
        }
        Account account = live.account();
        if (!hasher.verify(currentPassword == null ? "" : currentPassword, account.passwordHash())) {
            recordFailure(account, new SignInThrottle.Attempt(client, account.username(), null), "wrong current password");
            throw ApiException.badRequest("currentPassword", "is not the current password");
        }
        PasswordRules.check(newPassword, account.username(), "newPassword");
        if (newPassword.equals(currentPassword)) {
            throw ApiException.badRequest("newPassword", "must differ from the current password");
        }
        String hash = hasher.hash(newPassword);
        Instant now = clock.instant();
        return database.write(connection -> {
            Account changed = withPassword(account, hash, false);
            store.update(connection, changed);
            Instant startedAt = sessions.startedAt(connection, live.idHash());
            sessions.endAll(connection, account.id(), null);
            devices.forgetAll(connection, account.id());
            SessionStage stage = stageAfter(changed, true);
            Sessions.Issued issued = sessions.create(connection, account.id(), stage, client, startedAt);
            String device = devices.remember(connection, null, account.id(), now);
            audit.record(connection, account.username(), client, "password.changed", "account", account.id(),
                    Map.of("otherSessionsEnded", true));
            return new SignIn(issued, changed.view(now), device);
        });
    }

    public void signOut(Sessions.Live live, String client) {
        database.write(connection -> {
            sessions.end(connection, live.idHash());
            audit.record(connection, live.account().username(), client, "signout", "account", live.account().id(), null);
            return null;
        });
    }

    // ---------------------------------------------------------------- second factor

    /** Starts enrolling an authenticator app; the secret is confirmed by the first code it shows. */
    public SecondFactorEnrolment beginSecondFactor(Sessions.Live live, String client) {
        if (live.stage() != SessionStage.ACTIVE && live.stage() != SessionStage.SECOND_FACTOR_SETUP) {
            throw ApiException.forbidden("finish signing in first");
        }
        Account account = live.account();
        if (account.hasSecondFactor()) {
            throw ApiException.conflict("a second factor is already enrolled; disable it first to enrol another");
        }
        String secret = Totp.newSecret();
        database.write(connection -> {
            store.update(connection, withPendingSecret(account, secrets.seal(secret)));
            audit.record(connection, account.username(), client, "second-factor.enrolment-started", "account", account.id(), null);
            return null;
        });
        return new SecondFactorEnrolment(secret, Totp.uri(ISSUER, account.username(), secret));
    }

    public SecondFactorConfirmed confirmSecondFactor(Sessions.Live live, String code, String client) {
        if (live.stage() != SessionStage.ACTIVE && live.stage() != SessionStage.SECOND_FACTOR_SETUP) {
            throw ApiException.forbidden("finish signing in first");
        }
        Account account = live.account();
        if (account.totpPendingSecret() == null) {
            throw ApiException.conflict("no enrolment is in progress; start one first");
        }
        Instant now = clock.instant();
        String secret = secrets.open(account.totpPendingSecret());
        long step = Totp.matchingStep(secret, code, now);
        if (step < 0) {
            throw ApiException.badRequest("code", "is not the code the authenticator app shows now");
        }
        List<String> codes = new ArrayList<>();
        List<AccountStore.StoredRecoveryCode> stored = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        while (codes.size() < RECOVERY_CODES) {
            String recovery = OneTimeSecrets.recoveryCode();
            String normal = OneTimeSecrets.normalise(recovery);
            String id = normal.substring(0, OneTimeSecrets.RECOVERY_CODE_ID_LENGTH);
            if (ids.add(id)) {
                codes.add(recovery);
                stored.add(new AccountStore.StoredRecoveryCode(id, hasher.hash(normal.substring(id.length()))));
            }
        }
        return database.write(connection -> {
            Account enrolled = new Account(account.id(), account.username(), account.displayName(), account.role(),
                    account.passwordHash(), account.passwordChangeRequired(), account.totpPendingSecret(), null, step,
                    account.failedLogins(), account.lockedUntil(), account.createdAt(), account.disabledAt());
            store.update(connection, enrolled);
            store.replaceRecoveryCodes(connection, account.id(), stored);
            Sessions.Issued issued = null;
            if (live.stage() == SessionStage.SECOND_FACTOR_SETUP) {
                Instant startedAt = sessions.startedAt(connection, live.idHash());
                sessions.end(connection, live.idHash());
                issued = sessions.create(connection, account.id(), stageAfter(enrolled, true), client, startedAt);
            }
            audit.record(connection, account.username(), client, "second-factor.enrolled", "account", account.id(), null);
            return new SecondFactorConfirmed(codes, issued);
        });
    }

    /** Removes one's own second factor; needs the password and a current code. */
    public AccountView disableSecondFactor(Sessions.Live live, String password, String code, String client) {
        requireStage(live, SessionStage.ACTIVE);
        if (settings.isRequireSecondFactor()) {
            throw ApiException.forbidden("this console requires a second factor for every account");
        }
        Account account = live.account();
        if (!account.hasSecondFactor()) {
            throw ApiException.conflict("no second factor is enrolled");
        }
        Instant now = clock.instant();
        if (!hasher.verify(password == null ? "" : password, account.passwordHash())
                || Totp.matchingStep(secrets.open(account.totpSecret()), code, now) < 0) {
            recordFailure(account, new SignInThrottle.Attempt(client, account.username(), null),
                    "wrong password or code to disable the second factor");
            throw ApiException.badRequest("code", "the password or the code is wrong");
        }
        return database.write(connection -> {
            Account without = withoutSecondFactor(account);
            store.update(connection, without);
            store.replaceRecoveryCodes(connection, account.id(), List.of());
            audit.record(connection, account.username(), client, "second-factor.disabled", "account", account.id(), null);
            return without.view(now);
        });
    }

    /** Drops sign-in failure counts left alone for a day (the console's upkeep). */
    public int forgetOldSignInFailures() {
        Instant now = clock.instant();
        return database.write(connection -> SignInThrottle.purge(connection, now));
    }

    // ---------------------------------------------------------------- administrators

    public List<AccountView> list() {
        Instant now = clock.instant();
        return database.read(connection -> store.all(connection).stream().map(a -> a.view(now)).toList());
    }

    public AccountView get(String id) {
        return find(id).view(clock.instant());
    }

    public OneTimeCredential create(AdminPrincipal admin, String username, String displayName, Role role) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw ApiException.badRequest("username", "must be 1 to 64 of a-z, 0-9, '.', '_', '@', '-', starting with a letter or digit");
        }
        if (role == null) {
            throw ApiException.badRequest("role", "is required: ADMIN, REVIEWER or AUDITOR");
        }
        String password = OneTimeSecrets.password();
        Instant now = clock.instant();
        Account account = new Account(UUID.randomUUID().toString(), name, cleanDisplayName(displayName), role,
                hasher.hash(password), true, null, null, 0, 0, null, now, null);
        return database.write(connection -> {
            if (store.byUsername(connection, name).isPresent()) {
                throw ApiException.conflict("the user name '" + name + "' is taken");
            }
            store.insert(connection, account);
            audit.record(connection, admin, "account.created", "account", account.id(),
                    Map.of("username", name, "role", role.name()));
            return new OneTimeCredential(account.view(now), password);
        });
    }

    public AccountView update(AdminPrincipal admin, String id, String displayName, Role role) {
        Instant now = clock.instant();
        return database.write(connection -> {
            Account account = store.byId(connection, id).orElseThrow(() -> ApiException.notFound("account " + id));
            Role newRole = role == null ? account.role() : role;
            if (account.role() == Role.ADMIN && newRole != Role.ADMIN && account.disabledAt() == null
                    && store.activeAdmins(connection) <= 1) {
                throw ApiException.conflict("this is the last administrator; make another one first");
            }
            Account changed = new Account(account.id(), account.username(),
                    displayName == null ? account.displayName() : cleanDisplayName(displayName), newRole,
                    account.passwordHash(), account.passwordChangeRequired(), account.totpSecret(), account.totpPendingSecret(),
                    account.totpLastStep(), account.failedLogins(), account.lockedUntil(), account.createdAt(),
                    account.disabledAt());
            store.update(connection, changed);
            if (newRole != account.role()) {
                sessions.endAll(connection, id, null);
            }
            audit.record(connection, admin, "account.updated", "account", id, Map.of("role", newRole.name()));
            return changed.view(now);
        });
    }

    /** A new one-time password for someone who forgot theirs; their sessions end and the lock lifts. */
    public OneTimeCredential resetPassword(AdminPrincipal admin, String id) {
        String password = OneTimeSecrets.password();
        String hash = hasher.hash(password);
        Instant now = clock.instant();
        return database.write(connection -> {
            Account account = store.byId(connection, id).orElseThrow(() -> ApiException.notFound("account " + id));
            Account reset = withPassword(account, hash, true);
            store.update(connection, reset);
            sessions.endAll(connection, id, null);
            devices.forgetAll(connection, id);
            audit.record(connection, admin, "account.password-reset", "account", id, Map.of("username", account.username()));
            return new OneTimeCredential(reset.view(now), password);
        });
    }

    public AccountView unlock(AdminPrincipal admin, String id) {
        Instant now = clock.instant();
        return database.write(connection -> {
            Account account = store.byId(connection, id).orElseThrow(() -> ApiException.notFound("account " + id));
            resetFailures(connection, id);
            try (PreparedStatement update = connection.prepareStatement("UPDATE account SET locked_until = NULL WHERE id = ?")) {
                update.setString(1, id);
                update.executeUpdate();
            }
            audit.record(connection, admin, "account.unlocked", "account", id, Map.of("username", account.username()));
            return store.byId(connection, id).orElseThrow().view(now);
        });
    }

    /** For someone who lost their authenticator and their recovery codes. */
    public AccountView resetSecondFactor(AdminPrincipal admin, String id) {
        Instant now = clock.instant();
        return database.write(connection -> {
            Account account = store.byId(connection, id).orElseThrow(() -> ApiException.notFound("account " + id));
            Account without = withoutSecondFactor(account);
            store.update(connection, without);
            store.replaceRecoveryCodes(connection, id, List.of());
            sessions.endAll(connection, id, null);
            audit.record(connection, admin, "account.second-factor-reset", "account", id, Map.of("username", account.username()));
            return without.view(now);
        });
    }

    public AccountView setDisabled(AdminPrincipal admin, String id, boolean disabled) {
        if (disabled && id.equals(admin.accountId())) {
            throw ApiException.conflict("you cannot disable your own account");
        }
        Instant now = clock.instant();
        return database.write(connection -> {
            Account account = store.byId(connection, id).orElseThrow(() -> ApiException.notFound("account " + id));
            if (disabled && account.role() == Role.ADMIN && account.disabledAt() == null && store.activeAdmins(connection) <= 1) {
                throw ApiException.conflict("this is the last administrator; make another one first");
            }
            Account changed = new Account(account.id(), account.username(), account.displayName(), account.role(),
                    account.passwordHash(), account.passwordChangeRequired(), account.totpSecret(), account.totpPendingSecret(),
                    account.totpLastStep(), account.failedLogins(), account.lockedUntil(), account.createdAt(),
                    disabled ? now : null);
            store.update(connection, changed);
            if (disabled) {
                sessions.endAll(connection, id, null);
                devices.forgetAll(connection, id);
            }
            audit.record(connection, admin, disabled ? "account.disabled" : "account.enabled", "account", id,
                    Map.of("username", account.username()));
            return changed.view(now);
        });
    }

    // ---------------------------------------------------------------- first run and recovery

    /**
     * On a console without accounts, makes the administrator {@code admin} with a one-time
     * password, which the caller shows once. Empty when accounts exist.
     */
    public Optional<String> createFirstAdministrator() {
        String password = OneTimeSecrets.password();
        String hash = hasher.hash(password);
        Instant now = clock.instant();
        return database.write(connection -> {
            if (store.count(connection) > 0) {
                return Optional.<String>empty();
            }
            Account admin = new Account(UUID.randomUUID().toString(), "admin", "Administrator", Role.ADMIN, hash, true,
                    null, null, 0, 0, null, now, null);
            store.insert(connection, admin);
            audit.record(connection, "console", null, "account.created", "account", admin.id(),
                    Map.of("username", "admin", "role", "ADMIN", "reason", "first start"));
            LOG.info("created the first administrator account 'admin'");
            return Optional.of(password);
        });
    }

    /**
     * {@code mamori console reset-password}: for whoever runs the console's host when no
     * administrator can sign in. Unlocks the account, re-enables it and removes its second factor.
     */
    public String resetFromHost(String username) {
        String name = username.strip().toLowerCase(Locale.ROOT);
        String password = OneTimeSecrets.password();
        String hash = hasher.hash(password);
        database.write(connection -> {
            Account account = store.byUsername(connection, name)
                    .orElseThrow(() -> new IllegalArgumentException("there is no account '" + name + "'"));
            Account reset = withoutSecondFactor(withPassword(account, hash, true));
            store.update(connection, new Account(reset.id(), reset.username(), reset.displayName(), reset.role(),
                    reset.passwordHash(), true, null, null, 0, 0, null, reset.createdAt(), null));
            store.replaceRecoveryCodes(connection, account.id(), List.of());
            sessions.endAll(connection, account.id(), null);
            devices.forgetAll(connection, account.id());
            audit.record(connection, "console-host", null, "account.password-reset", "account", account.id(),
                    Map.of("username", name, "reason", "reset on the console host"));
            return null;
        });
        return password;
    }

    // ---------------------------------------------------------------- internals

    private Account find(String id) {
        return database.read(connection -> store.byId(connection, id)).orElseThrow(() -> ApiException.notFound("account " + id));
    }

    private SessionStage stageAfter(Account account, boolean secondFactorDone) {
        if (account.hasSecondFactor() && !secondFactorDone) {
            return SessionStage.SECOND_FACTOR;
        }
        if (account.passwordChangeRequired()) {
            return SessionStage.PASSWORD_CHANGE;
        }
        if (settings.isRequireSecondFactor() && !account.hasSecondFactor()) {
            return SessionStage.SECOND_FACTOR_SETUP;
        }
        return SessionStage.ACTIVE;
    }

    /**
     * A wrong password or code: counted against the address, and against the browser when the
     * person signed in from it before, else against the person (their sign-ins from other browsers
     * then wait, longer with each further failure). No session ends.
     */
    private void recordFailure(Account account, SignInThrottle.Attempt attempt, String reason) {
        Instant now = clock.instant();
        String client = attempt.address();
        database.write(connection -> {
            throttle.failedAddressAndDevice(connection, attempt, now);
            Map<String, Object> detail = new java.util.LinkedHashMap<>();
            detail.put("reason", reason);
            detail.put("browser", attempt.trusted() ? "signed in from before" : "not known");
            if (!attempt.trusted()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE account SET failed_logins = failed_logins + 1 WHERE id = ?")) {
                    update.setString(1, account.id());
                    update.executeUpdate();
                }
                int failures;
                try (PreparedStatement select = connection.prepareStatement("SELECT failed_logins FROM account WHERE id = ?")) {
                    select.setString(1, account.id());
                    try (ResultSet row = select.executeQuery()) {
                        row.next();
                        failures = row.getInt(1);
                    }
                }
                detail.put("consecutiveFailures", failures);
                Optional<Instant> until = throttle.personHeldUntil(failures, now);
                if (until.isPresent()) {
                    try (PreparedStatement lock = connection.prepareStatement("UPDATE account SET locked_until = ? WHERE id = ?")) {
                        Rows.setInstant(lock, 1, until.get());
                        lock.setString(2, account.id());
                        lock.executeUpdate();
                    }
                    audit.record(connection, account.username(), client, "account.locked", "account", account.id(),
                            Map.of("until", until.get().toString(), "failures", failures, "scope",
                                    "sign-ins from browsers the person has not signed in from"));
                    LOG.warn("sign-ins to '{}' from unknown browsers wait until {} after {} failed attempts",
                            account.username(), until.get(), failures);
                }
            }
            audit.record(connection, account.username(), client, "signin.failed", "account", account.id(), detail);
            return null;
        });
    }

    private static void resetFailures(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE account SET failed_logins = 0 WHERE id = ?")) {
            update.setString(1, accountId);
            update.executeUpdate();
        }
    }

    /** Records a TOTP step as used; false when it (or a later one) was used before: a replayed code. */
    private static boolean claimStep(Connection connection, String accountId, long step) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE account SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?")) {
            update.setLong(1, step);
            update.setString(2, accountId);
            update.setLong(3, step);
            return update.executeUpdate() == 1;
        }
    }

    private static void requireStage(Sessions.Live live, SessionStage stage) {
        if (live.stage() != stage) {
            throw ApiException.forbidden("this step is not the next one for this session");
        }
    }

    /** Too many failures: when the next attempt may be made (429 with Retry-After). */
    private static ApiException throttled(Instant until, Instant now) {
        long seconds = Math.max(1, java.time.Duration.between(now, until).toSeconds() + 1);
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "SIGN_IN_THROTTLED",
                "too many failed sign-ins; try again in " + seconds + " s", null, seconds);
    }

    private static ApiException signInFailed() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "SIGN_IN_FAILED",
                "wrong user name, password or code, or the account is locked or disabled", null);
    }

    private static Account withPassword(Account a, String hash, boolean changeRequired) {
        return new Account(a.id(), a.username(), a.displayName(), a.role(), hash, changeRequired, a.totpSecret(),
                a.totpPendingSecret(), a.totpLastStep(), 0, null, a.createdAt(), a.disabledAt());
    }

    private static Account withPendingSecret(Account a, String sealed) {
        return new Account(a.id(), a.username(), a.displayName(), a.role(), a.passwordHash(), a.passwordChangeRequired(),
                a.totpSecret(), sealed, a.totpLastStep(), a.failedLogins(), a.lockedUntil(), a.createdAt(), a.disabledAt());
    }

    private static Account withoutSecondFactor(Account a) {
        return new Account(a.id(), a.username(), a.displayName(), a.role(), a.passwordHash(), a.passwordChangeRequired(),
                null, null, a.totpLastStep(), a.failedLogins(), a.lockedUntil(), a.createdAt(), a.disabledAt());
    }

    private static String cleanDisplayName(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            return null;
        }
        String clean = displayName.strip();
        if (clean.length() > 200 || clean.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("displayName", "must be at most 200 characters without control characters");
        }
        return clean;
    }

    /** A user name as typed, fit for the audit trail: at most 100 characters, no control characters. */
    private static String truncate(String text) {
        String clean = text.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 100 ? clean.substring(0, 100) : clean;
    }
}
