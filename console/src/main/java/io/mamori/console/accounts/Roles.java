package io.mamori.console.accounts;

/**
 * The role names endpoints are secured with ({@code @Secured}). Besides the account roles, a
 * session half-way through signing in holds only a stage role, which opens nothing but the next
 * step; an agent holds {@link #AGENT}.
 */
public final class Roles {

    public static final String ADMIN = "ADMIN";
    public static final String REVIEWER = "REVIEWER";
    public static final String AUDITOR = "AUDITOR";
    /** Password accepted; the second factor is still to come. */
    public static final String SECOND_FACTOR_PENDING = "SECOND_FACTOR_PENDING";
    /** Signed in with a one-time password that must be changed before anything else. */
    public static final String PASSWORD_CHANGE_PENDING = "PASSWORD_CHANGE_PENDING";
    /** The console requires a second factor and the account has none yet. */
    public static final String SECOND_FACTOR_SETUP_PENDING = "SECOND_FACTOR_SETUP_PENDING";
    public static final String AGENT = "AGENT";

    private Roles() {
    }
}
