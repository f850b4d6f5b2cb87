package io.mamori.console.accounts;

import java.time.Instant;

/**
 * Where a sign-in stands: the next stage ({@code SECOND_FACTOR}, {@code PASSWORD_CHANGE},
 * {@code SECOND_FACTOR_SETUP} or {@code ACTIVE}), the CSRF token to send as {@code X-CSRF-Token}
 * with every state-changing request, and when the session ends at the latest.
 */
public record SessionResponse(SessionStage stage, String csrfToken, Instant expiresAt, AccountView account) {
}
