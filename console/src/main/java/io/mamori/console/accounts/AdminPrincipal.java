package io.mamori.console.accounts;

import io.micronaut.security.authentication.Authentication;

/**
 * The signed-in person behind an admin API call, as the session fetcher put it into the
 * {@link Authentication}: who they are, their role, the session they use and where they called
 * from (recorded in the audit trail).
 */
public record AdminPrincipal(String accountId, String username, Role role, String sessionIdHash, String csrfToken, String client) {

    static final String ACCOUNT_ID = "accountId";
    static final String ROLE = "accountRole";
    static final String SESSION = "sessionIdHash";
    static final String CSRF = "csrfToken";
    static final String CLIENT = "client";

    public static AdminPrincipal of(Authentication authentication) {
        var attributes = authentication.getAttributes();
        Object role = attributes.get(ROLE);
        if (role == null || attributes.get(ACCOUNT_ID) == null) {
            throw new IllegalStateException("not an administrator session");
        }
        return new AdminPrincipal((String) attributes.get(ACCOUNT_ID), authentication.getName(), Role.valueOf((String) role),
                (String) attributes.get(SESSION), (String) attributes.get(CSRF), (String) attributes.get(CLIENT));
    }
}
