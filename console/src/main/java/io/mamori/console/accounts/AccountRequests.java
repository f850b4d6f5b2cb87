package io.mamori.console.accounts;

import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The bodies of the sign-in and account endpoints, bound by Micronaut and checked with Bean
 * Validation ({@code @Valid}); what needs the database (a user name taken, a password's rules) is
 * checked by {@link Accounts}. Passwords and codes never appear in toString.
 */
final class AccountRequests {

    private AccountRequests() {
    }

    @Introspected
    record SignIn(@Size(max = 256) String username, @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "SignIn[username=" + username + "]";
        }
    }

    @Introspected
    record SecondFactor(@Size(max = 16) String code, @Size(max = 64) String recoveryCode) {
        @Override
        public String toString() {
            return "SecondFactor[<redacted>]";
        }
    }

    @Introspected
    record PasswordChange(@Size(max = 1024) String currentPassword, @Size(max = 1024) String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[<redacted>]";
        }
    }

    @Introspected
    record Code(@Size(max = 16) String code) {
        @Override
        public String toString() {
            return "Code[<redacted>]";
        }
    }

    @Introspected
    record DisableSecondFactor(@Size(max = 1024) String password, @Size(max = 16) String code) {
        @Override
        public String toString() {
            return "DisableSecondFactor[<redacted>]";
        }
    }

    @Introspected
    record NewAccount(@Size(max = 100) String username, @Size(max = 200, message = "must be at most 200 characters") String displayName,
            @NotNull(message = "is required: ADMIN, REVIEWER or AUDITOR") Role role) {
    }

    @Introspected
    record AccountChange(@Size(max = 200, message = "must be at most 200 characters") String displayName, Role role) {
    }
}
