package io.mamori.console.accounts;

/**
 * How far a sign-in has got. Only {@link #ACTIVE} opens the admin API; each earlier stage opens
 * just the next step, and moving on issues a new session id (no session fixation).
 */
public enum SessionStage {
    /** Password accepted; a TOTP or recovery code is next. */
    SECOND_FACTOR(Roles.SECOND_FACTOR_PENDING),
    /** Signed in with a one-time password: a new password is next. */
    PASSWORD_CHANGE(Roles.PASSWORD_CHANGE_PENDING),
    /** The console requires a second factor and this account has none yet: enrolling one is next. */
    SECOND_FACTOR_SETUP(Roles.SECOND_FACTOR_SETUP_PENDING),
    ACTIVE(null);

    private final String role;

    SessionStage(String role) {
        this.role = role;
    }

    /** The role a session at this stage holds, or null when it holds the account's own role. */
    String role() {
        return role;
    }
}
