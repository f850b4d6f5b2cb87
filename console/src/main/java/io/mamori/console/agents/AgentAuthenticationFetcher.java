package io.mamori.console.agents;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;

/**
 * Authenticates agent calls: {@code /api/v1/agents/{id}/…} with {@code Authorization: Bearer
 * <secret>}. The secret is checked against the agent named in the path, so an agent can only ever
 * act as itself. Anything wrong — unknown agent, wrong or revoked secret, malformed header — means
 * no authentication, which the security filter answers 401 without detail.
 */
@Singleton
public class AgentAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    static final String PREFIX = "/api/v1/agents/";
    static final String GROUP = "groupId";
    static final String KEY = "keyId";
    static final String POLICY_VERSION = "policyVersion";
    static final String UNINSTALL_SHA256 = "uninstallTokenSha256";

    private final AgentRegistry agents;
    private final ExecutorService blocking;

    public AgentAuthenticationFetcher(AgentRegistry agents, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.agents = agents;
        this.blocking = blocking;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String path = request.getPath();
        if (!path.startsWith(PREFIX)) {
            return Publishers.empty();
        }
        int slash = path.indexOf('/', PREFIX.length());
        String agentId = slash < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), slash);
        String header = request.getHeaders().getAuthorization().orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Publishers.empty();
        }
        String secret = header.substring(7).strip();
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(() -> agents.authenticate(agentId, secret)
                .map(caller -> Authentication.build(caller.agentId(), List.of(io.mamori.console.accounts.Roles.AGENT),
                        attributes(caller)))
                .orElse(null), blocking));
    }

    private static Map<String, Object> attributes(AgentRegistry.Caller caller) {
        Map<String, Object> attributes = new java.util.HashMap<>(Map.of(GROUP, caller.groupId(), KEY, caller.keyId(),
                POLICY_VERSION, caller.policyVersion()));
        if (caller.uninstallTokenSha256() != null) {
            attributes.put(UNINSTALL_SHA256, caller.uninstallTokenSha256());
        }
        return attributes;
    }

    /** The agent a call authenticated as. */
    public static AgentRegistry.Caller caller(Authentication authentication) {
        Map<String, Object> attributes = authentication.getAttributes();
        return new AgentRegistry.Caller(authentication.getName(), (String) attributes.get(GROUP), (String) attributes.get(KEY),
                ((Number) attributes.get(POLICY_VERSION)).longValue(), (String) attributes.get(UNINSTALL_SHA256));
    }
}
