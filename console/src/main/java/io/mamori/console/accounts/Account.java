package io.mamori.console.accounts;

import java.time.Instant;

/**
 * A console account as stored. The password hash and the sealed TOTP secrets never leave the
 * accounts package; the admin API shows an {@link AccountView}.
 */
record Account(
        String id,
        String username,
        String displayName,
        Role role,
        String passwordHash,
        boolean passwordChangeRequired,
        String totpSecret,
        String totpPendingSecret,
        long totpLastStep,
        int failedLogins,
        Instant lockedUntil,
        Instant createdAt,
        Instant disabledAt) {

    boolean hasSecondFactor() {
        return totpSecret != null;
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    AccountView view(Instant now) {
        return new AccountView(id, username, displayName, role, hasSecondFactor(), passwordChangeRequired,
                lockedAt(now) ? lockedUntil : null, disabledAt != null, createdAt);
    }
}
