package io.mamori.console.web;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.accounts.Roles;
import io.mamori.protocol.api.ErrorResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Checks made on every request once security has decided who is calling:
 *
 * <ul>
 *   <li><b>Rate limits.</b> Agents are limited per agent id (after authentication, so no one can
 *       use up another agent's allowance); the unauthenticated doors — enrollment and sign-in, the
 *       routes marked {@link UnauthenticatedDoor} — per client address.</li>
 *   <li><b>Cross-site requests.</b> A state-changing request from a browser must come from the
 *       console's own origin, and one made with a session cookie must carry the session's CSRF
 *       token in {@code X-CSRF-Token} (the web UI's forms: in the field {@code _csrf}, checked by
 *       {@code ui.Forms}). Agents use bearer secrets, not cookies, and are exempt.</li>
 *   <li><b>Declared size.</b> A body announced larger than the route accepts ({@link BodyLimit}) is
 *       refused before it is read; a body must announce its size (no chunked bodies).</li>
 * </ul>
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestGuards implements Ordered {

    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final TokenBuckets agents;
    private final TokenBuckets anonymous;
    private final ConsoleSettings settings;

    public RequestGuards(ConsoleSettings settings) {
        this.settings = settings;
        this.agents = new TokenBuckets(settings.getAgentRequestsPerSecond(), settings.getAgentRequestBurst());
        this.anonymous = new TokenBuckets(settings.getAnonymousRequestsPerSecond(), settings.getAnonymousRequestBurst());
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<ErrorResponse> check(HttpRequest<?> request) {
        String path = request.getPath();
        long declared = request.getContentLength();
        long limit = path.startsWith("/api/v1/agents/") && path.endsWith("/events") ? settings.getMaxEventBatchBytes()
                : RouteAttributes.getRouteMatch(request).map(match -> match.getAnnotationMetadata().intValue(BodyLimit.class))
                        .filter(java.util.OptionalInt::isPresent).map(java.util.OptionalInt::getAsInt)
                        .map(Integer::longValue).orElse((long) settings.getMaxRequestBytes());
        if (declared > limit) {
            return refuse(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE",
                    "the request body is " + declared + " bytes; at most " + limit + " are accepted here");
        }
        Optional<Authentication> caller = request.getUserPrincipal(Authentication.class);
        if (declared < 0 && request.getHeaders().contains("Transfer-Encoding")) {
            // a body of unknown length would be read (up to the largest size accepted anywhere) before the route's limit
            return refuse(HttpStatus.LENGTH_REQUIRED, "LENGTH_REQUIRED", "send the request body with its Content-Length");
        }
        if (caller.isPresent() && caller.get().getRoles().contains(Roles.AGENT)) {
            if (!agents.tryAcquire(caller.get().getName())) {
                return rateLimited();
            }
            return null;
        }
        if (isUnauthenticatedDoor(request) && !anonymous.tryAcquire(clientAddress(request))) {
            return rateLimited();
        }
        if (isUnsafe(request.getMethod())) {
            String origin = request.getHeaders().get("Origin");
            if (origin != null && !origin.equalsIgnoreCase(ownOrigin(request))) {
                return refuse(HttpStatus.FORBIDDEN, "CROSS_SITE", "cross-site requests are refused");
            }
            // The web UI's forms carry the token as a field instead (ui.Forms checks it in every handler).
            if (caller.isPresent() && caller.get().getAttributes().containsKey("csrfToken") && !path.startsWith("/ui/")) {
                String expected = (String) caller.get().getAttributes().get("csrfToken");
                String given = request.getHeaders().get(CSRF_HEADER);
                if (!io.mamori.console.keys.Secrets.equal(expected, given)) {
                    return refuse(HttpStatus.FORBIDDEN, "CSRF", "the request lacks this session's " + CSRF_HEADER + " header");
                }
            }
        }
        return null;
    }

    public static String clientAddress(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }

    /** A route marked {@link UnauthenticatedDoor}, whatever spelling of its path reached it. */
    private static boolean isUnauthenticatedDoor(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .map(match -> match.getAnnotationMetadata().hasAnnotation(UnauthenticatedDoor.class)).orElse(Boolean.FALSE);
    }

    private static boolean isUnsafe(HttpMethod method) {
        return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
    }

    private static String ownOrigin(HttpRequest<?> request) {
        String host = request.getHeaders().get("Host");
        return (request.isSecure() ? "https://" : "http://") + (host == null ? "" : host);
    }

    private static HttpResponse<ErrorResponse> rateLimited() {
        return HttpResponse.<ErrorResponse>status(HttpStatus.TOO_MANY_REQUESTS)
                .body(new ErrorResponse("RATE_LIMITED", "too many requests; slow down and retry", null))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", "1");
    }

    private static HttpResponse<ErrorResponse> refuse(HttpStatus status, String code, String message) {
        return HttpResponse.<ErrorResponse>status(status).body(new ErrorResponse(code, message, null))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
