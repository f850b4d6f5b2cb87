package io.mamori.console.web;

import io.mamori.console.ConsoleSettings;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Headers every answer carries, and a body for every API error: no framing, no MIME sniffing, no referrer, a strict content
 * security policy, HSTS over TLS, and no caching of API answers and UI pages (they hold personal
 * data, masked or not).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SecurityHeaders implements Ordered {

    private final boolean tls;

    public SecurityHeaders(ConsoleSettings settings) {
        this.tls = settings.isTls();
    }

    /** First in, last out: the headers are added even to answers the security filter gives. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.before();
    }

    @ResponseFilter
    @SuppressWarnings("unchecked")
    public void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        var headers = response.getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts, which the
        // cross-site checks must refuse; other sites still get no referrer.
        headers.set("Referrer-Policy", "same-origin");
        headers.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        if (tls) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
        String path = request.getPath();
        boolean page = path.equals("/ui") || path.startsWith("/ui/") && !path.startsWith("/ui/static/");
        if ((path.startsWith("/api/") || page) && !headers.contains("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
        // Refusals made below the console's own code (Micronaut's guard against cross-site calls to
        // a loopback server, for one) come without a body; every API error has one.
        if (response.code() >= 400 && request.getPath().startsWith("/api/") && response.getBody().isEmpty()
                && request.getMethod() != HttpMethod.HEAD) {
            ((MutableHttpResponse<Object>) response).body(ErrorResponses.describe(request, response.status(), null, null))
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
