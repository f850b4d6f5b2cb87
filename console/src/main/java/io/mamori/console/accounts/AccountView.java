package io.mamori.console.accounts;

import java.time.Instant;

/** An account as administrators see it: no hashes, no secrets. */
public record AccountView(
        String id,
        String username,
        String displayName,
        Role role,
        boolean secondFactor,
        boolean passwordChangeRequired,
        Instant lockedUntil,
        boolean disabled,
        Instant createdAt) {
}
