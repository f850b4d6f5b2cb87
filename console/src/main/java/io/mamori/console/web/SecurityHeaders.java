package io.mamori.console.web;

import io.mamori.console.ConsoleSettings;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Headers every answer carries: no framing, no MIME sniffing, no referrer, a strict content
 * security policy, HSTS over TLS, and no caching of API answers (they hold personal data, masked
 * or not).
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
    public void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        var headers = response.getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        if (tls) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
        if (request.getPath().startsWith("/api/") && !headers.contains("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
    }
}
