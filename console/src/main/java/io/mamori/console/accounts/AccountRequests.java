package io.mamori.console.accounts;

/** The bodies of the sign-in and account endpoints. Passwords and codes never appear in toString. */
final class AccountRequests {

    private AccountRequests() {
    }

    record SignIn(String username, String password) {
        @Override
        public String toString() {
            return "SignIn[username=" + username + "]";
        }
    }

    record SecondFactor(String code, String recoveryCode) {
        @Override
        public String toString() {
            return "SecondFactor[<redacted>]";
        }
    }

    record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[<redacted>]";
        }
    }

    record Code(String code) {
        @Override
        public String toString() {
            return "Code[<redacted>]";
        }
    }

    record DisableSecondFactor(String password, String code) {
        @Override
        public String toString() {
            return "DisableSecondFactor[<redacted>]";
        }
    }

    record NewAccount(String username, String displayName, Role role) {
    }

    record AccountChange(String displayName, Role role) {
    }
}
