package io.mamori.console.requests;

import io.mamori.console.accounts.Roles;
import io.mamori.console.agents.AgentAuthenticationFetcher;
import io.mamori.console.agents.AgentRegistry;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.BodyLimit;
import io.mamori.protocol.request.DeviceRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/**
 * {@code POST /api/v1/agents/{id}/device-requests}: an agent sends an employee's device request
 * (docs/protocol.md). 201 when kept, 200 when it was kept before (sent again), 4xx with the field
 * for a request the console refuses — nothing is kept then.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeviceRequestAgentController {

    private static final int MAX_BODY = 16 * 1024;

    private final DeviceRequests requests;

    public DeviceRequestAgentController(DeviceRequests requests) {
        this.requests = requests;
    }

    @Post("/agents/{id}/device-requests")
    @Secured(Roles.AGENT)
    @BodyLimit(MAX_BODY)
    public HttpResponse<Void> submit(@PathVariable String id, @Body DeviceRequest request, Authentication authentication) {
        AgentRegistry.Caller caller = AgentAuthenticationFetcher.caller(authentication);
        if (!caller.agentId().equals(id)) {
            throw ApiException.unauthorized();
        }
        return HttpResponse.status(requests.submit(caller.agentId(), request) ? HttpStatus.CREATED : HttpStatus.OK);
    }
}
