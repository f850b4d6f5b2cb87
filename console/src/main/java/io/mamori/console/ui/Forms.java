package io.mamori.console.ui;

import io.mamori.console.accounts.SessionAuthenticationFetcher;
import io.mamori.console.keys.Secrets;
import io.mamori.console.web.ApiException;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A submitted HTML form ({@code application/x-www-form-urlencoded}), read from the raw body so
 * that repeated fields (the check boxes of a bulk action) keep every value. Every form of a
 * signed-in session carries the session's CSRF token in {@code _csrf}; {@link #of} refuses a form
 * without the right one before any field is used.
 */
public final class Forms {

    /** The largest form read (a policy's JSON in the editor is the biggest field); RequestGuards refuses larger first. */
    public static final int MAX_BYTES = 256 * 1024;
    public static final String CSRF_FIELD = "_csrf";

    private final Map<String, List<String>> fields;

    private Forms(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /** The form of a signed-in session, its CSRF token checked. */
    public static Forms of(byte[] body, Authentication authentication) {
        Forms form = parse(body);
        String expected = SessionAuthenticationFetcher.live(authentication).csrfToken();
        if (!Secrets.equal(expected, form.value(CSRF_FIELD))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "CSRF", "the form lacks this session's token", null);
        }
        return form;
    }

    /** A form sent before signing in (no session, so no token: the sign-in form). */
    public static Forms anonymous(byte[] body) {
        return parse(body);
    }

    private static Forms parse(byte[] body) {
        if (body != null && body.length > MAX_BYTES) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE", "the form is too large", null);
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(null, "the form is not well encoded");
            }
        }
        return new Forms(fields);
    }

    /** The field's value, or null when it was not sent. */
    public String value(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The field's value stripped, or "" when absent. */
    public String text(String name) {
        String value = value(name);
        return value == null ? "" : value.strip();
    }

    public List<String> values(String name) {
        return fields.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }
}
