package io.mamori.console.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in a list ordered by (time, id) descending: the last item of the previous page.
 * Keyset paging: a page costs the same however deep it is, and rows arriving meanwhile neither
 * repeat nor skip entries.
 */
public record Cursor(Instant time, String id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((time.toEpochMilli() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return new Cursor(Instant.ofEpochMilli(Long.parseLong(decoded.substring(0, colon))), decoded.substring(colon + 1));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("cursor", "is not a cursor this console issued");
        }
    }

    /** A page size between 1 and {@code max}; {@code fallback} when not given. */
    public static int limit(Integer requested, int fallback, int max) {
        if (requested == null) {
            return fallback;
        }
        if (requested < 1 || requested > max) {
            throw ApiException.badRequest("limit", "must be between 1 and " + max + " (was " + requested + ")");
        }
        return requested;
    }
}
