package io.mamori.console.accounts;

import io.mamori.console.web.ApiException;
import java.util.Locale;

/** What a new password must be: long (length beats composition rules) and not the user name. */
final class PasswordRules {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 200;

    private PasswordRules() {
    }

    static void check(String password, String username, String field) {
        if (password == null || password.isEmpty()) {
            throw ApiException.badRequest(field, "is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            throw ApiException.badRequest(field, "must be at least " + MIN_LENGTH + " characters long (was " + length + ")");
        }
        if (length > MAX_LENGTH) {
            throw ApiException.badRequest(field, "must be at most " + MAX_LENGTH + " characters long");
        }
        if (password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            throw ApiException.badRequest(field, "must not contain the user name");
        }
        if (password.codePoints().distinct().count() < 4) {
            throw ApiException.badRequest(field, "must not repeat the same few characters");
        }
    }
}
