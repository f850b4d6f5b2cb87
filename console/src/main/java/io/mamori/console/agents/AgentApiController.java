package io.mamori.console.agents;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.commands.CommandQueue;
import io.mamori.console.events.EventIngest;
import io.mamori.console.policy.PolicyStore;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.BodyLimit;
import io.mamori.console.web.RequestGuards;
import io.mamori.console.web.UnauthenticatedDoor;
import io.mamori.protocol.api.EnrollRequest;
import io.mamori.protocol.api.EnrollResponse;
import io.mamori.protocol.api.EventBatchAck;
import io.mamori.protocol.api.Heartbeat;
import io.mamori.protocol.api.HeartbeatResponse;
import io.mamori.protocol.command.CommandResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The agent API, version 1 ({@code docs/protocol.md}). Every call but enrollment is made with the
 * agent's bearer secret; the path's agent id must be the caller's own. Bodies are read with the
 * protocol's strict rules; a refusal names the field.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AgentApiController {

    private static final int MAX_SMALL_BODY = 64 * 1024;

    private final AgentRegistry agents;
    private final HeartbeatRecorder heartbeats;
    private final CommandQueue commands;
    private final PolicyStore policies;
    private final EventIngest events;
    private final ConsoleSettings settings;
    private final Clock clock;

    public AgentApiController(AgentRegistry agents, HeartbeatRecorder heartbeats, CommandQueue commands, PolicyStore policies,
            EventIngest events, ConsoleSettings settings, Clock clock) {
        this.agents = agents;
        this.heartbeats = heartbeats;
        this.commands = commands;
        this.policies = policies;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    @Post("/enroll")
    @UnauthenticatedDoor
    @Secured(SecurityRule.IS_ANONYMOUS)
    @BodyLimit(MAX_SMALL_BODY)
    public HttpResponse<EnrollResponse> enroll(@Body EnrollRequest enroll, HttpRequest<?> request) {
        return HttpResponse.status(HttpStatus.CREATED).body(agents.enroll(enroll, RequestGuards.clientAddress(request)));
    }

    @Post("/agents/{id}/heartbeat")
    @Secured(io.mamori.console.accounts.Roles.AGENT)
    @BodyLimit(MAX_SMALL_BODY)
    public HeartbeatResponse heartbeat(@PathVariable String id, @Body Heartbeat heartbeat, Authentication authentication) {
        AgentRegistry.Caller caller = caller(id, authentication);
        Instant now = clock.instant();
        heartbeats.record(caller.agentId(), heartbeat, now);
        return new HeartbeatResponse(now, commands.pending(caller.agentId()), caller.policyVersion(),
                settings.getHeartbeatIntervalSeconds(), caller.uninstallTokenSha256());
    }

    /** The agent's policy, signed with the key it pinned; 304 when it already has this version. */
    @Get("/agents/{id}/policy")
    @Secured(io.mamori.console.accounts.Roles.AGENT)
    public HttpResponse<byte[]> policy(@PathVariable String id, Authentication authentication,
            @Header(HttpHeaders.IF_NONE_MATCH) @Nullable String ifNoneMatch) {
        AgentRegistry.Caller caller = caller(id, authentication);
        long version = caller.policyVersion();
        String etag = PolicyStore.etag(version, caller.keyId());
        if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, etag);
        }
        PolicyStore.Signed signed = policies.signed(version, caller.keyId());
        return HttpResponse.ok(signed.json()).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, signed.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    @Post("/agents/{id}/events")
    @Secured(io.mamori.console.accounts.Roles.AGENT)
    public EventBatchAck events(@PathVariable String id, @Body @Nullable byte[] body, Authentication authentication) {
        AgentRegistry.Caller caller = caller(id, authentication);
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("events", "the request needs a batch of events");
        }
        if (body.length > settings.getMaxEventBatchBytes()) {
            throw new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE", "a batch may be at most "
                    + settings.getMaxEventBatchBytes() + " bytes; send fewer events per batch", null);
        }
        return events.ingest(caller.agentId(), body);
    }

    @Post("/agents/{id}/commands/{commandId}/result")
    @Secured(io.mamori.console.accounts.Roles.AGENT)
    @BodyLimit(MAX_SMALL_BODY)
    public HttpResponse<Void> commandResult(@PathVariable String id, @PathVariable String commandId, @Body CommandResult result,
            Authentication authentication) {
        AgentRegistry.Caller caller = caller(id, authentication);
        UUID command;
        try {
            command = UUID.fromString(commandId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("command " + commandId);
        }
        commands.complete(caller.agentId(), command, result);
        return HttpResponse.noContent();
    }

    /** The authenticated agent, which must be the one named in the path. */
    private static AgentRegistry.Caller caller(String pathId, Authentication authentication) {
        AgentRegistry.Caller caller = AgentAuthenticationFetcher.caller(authentication);
        if (!caller.agentId().equals(pathId)) {
            throw ApiException.unauthorized();
        }
        return caller;
    }
}
