package io.mamori.console.accounts;

import io.mamori.console.web.RequestGuards;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;

/**
 * Who a browser or admin-API call comes from: the session named by the {@code mamori_session}
 * cookie, looked up on the blocking executor (it reads the database). A session part-way through
 * signing in holds only its stage's role.
 */
@Singleton
public class SessionAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    static final String LIVE_SESSION = "liveSession";

    private final Sessions sessions;
    private final ExecutorService blocking;

    public SessionAuthenticationFetcher(Sessions sessions, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.sessions = sessions;
        this.blocking = blocking;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String path = request.getPath();
        if (!path.startsWith("/api/admin/") && !path.startsWith("/ui") || path.startsWith("/ui/static/")) {
            return Publishers.empty();
        }
        Optional<Cookie> cookie = request.getCookies().findCookie(Sessions.COOKIE);
        if (cookie.isEmpty()) {
            return Publishers.empty();
        }
        String value = cookie.get().getValue();
        String client = RequestGuards.clientAddress(request);
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(
                () -> sessions.find(value).map(live -> authentication(live, client)).orElse(null), blocking));
    }

    private static Authentication authentication(Sessions.Live live, String client) {
        Account account = live.account();
        String role = live.stage().role() == null ? account.role().name() : live.stage().role();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(AdminPrincipal.ACCOUNT_ID, account.id());
        attributes.put(AdminPrincipal.ROLE, account.role().name());
        attributes.put(AdminPrincipal.SESSION, live.idHash());
        attributes.put(AdminPrincipal.CSRF, live.csrfToken());
        attributes.put(AdminPrincipal.CLIENT, client);
        attributes.put(LIVE_SESSION, live);
        return Authentication.build(account.username(), List.of(role), attributes);
    }

    /** The live session behind an authentication this fetcher made. */
    public static Sessions.Live live(Authentication authentication) {
        return (Sessions.Live) authentication.getAttributes().get(LIVE_SESSION);
    }
}
