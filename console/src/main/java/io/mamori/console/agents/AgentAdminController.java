package io.mamori.console.agents;

import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Roles;
import io.mamori.console.commands.CommandQueue;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.Cursor;
import io.mamori.protocol.patch.PatchCompliance;
import io.mamori.console.web.BodyLimit;
import jakarta.validation.Valid;
import io.mamori.console.web.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.time.Duration;
import java.util.List;

/** Agents, their groups and the enrollment tokens that bring new ones in. */
@Controller("/api/admin")
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AgentAdminController {

    private static final int MAX_BODY = 16 * 1024;

    @Introspected
    record GroupChange(@NotBlank(message = "is required") @Size(max = 64) String groupId) {
    }

    @Introspected
    record NewGroup(@Size(max = 64) String id, @Size(max = 200) String nameJa, @Size(max = 200) String nameEn,
            @Size(max = 200) String policyName) {
    }

    @Introspected
    record GroupUpdate(@Size(max = 200) String nameJa, @Size(max = 200) String nameEn, @Size(max = 200) String policyName) {
    }

    /** A new enrollment token; valid for a week unless {@code validForHours} says otherwise. */
    @Introspected
    record NewToken(@Size(max = 500) String description, @Size(max = 64) String groupId, Integer maxUses,
            @DecimalMin(value = "1", message = "must be at least 1 hour") @DecimalMax(value = "87600",
                    message = "must be at most ten years") Double validForHours) {
    }

    private final AgentRegistry agents;
    private final AgentGroups groups;
    private final EnrollmentTokens tokens;
    private final CommandQueue commands;
    private final Fleet fleet;

    public AgentAdminController(AgentRegistry agents, AgentGroups groups, EnrollmentTokens tokens, CommandQueue commands,
            Fleet fleet) {
        this.agents = agents;
        this.groups = groups;
        this.tokens = tokens;
        this.commands = commands;
        this.fleet = fleet;
    }

    /** The fleet's patch compliance: active agents per verdict and the share compliant (at most a minute old). */
    @Get("/patch-compliance")
    public Fleet.Tally patchCompliance() {
        return fleet.tally();
    }

    /** One agent's patch compliance against its group policy's thresholds, with the reasons. */
    @Get("/agents/{id}/patch-compliance")
    public PatchCompliance.Result agentPatchCompliance(@PathVariable String id) {
        return fleet.compliance(agents.get(id), fleet.thresholdsByGroup());
    }

    @Get("/agents")
    public Page<AgentRegistry.AgentView> list(@QueryValue @Nullable String group, @QueryValue @Nullable String hostname,
            @QueryValue @Nullable String state, @QueryValue @Nullable String cursor, @QueryValue @Nullable Integer limit) {
        return agents.list(new AgentRegistry.Query(group, hostname, state, Cursor.decode(cursor), Cursor.limit(limit, 50, 500)));
    }

    @Get("/agents/{id}")
    public AgentRegistry.AgentView get(@PathVariable String id) {
        return agents.get(id);
    }

    @Get("/agents/{id}/commands")
    public List<CommandQueue.CommandView> commands(@PathVariable String id, @QueryValue @Nullable Integer limit) {
        agents.get(id);
        return commands.forAgent(id, Cursor.limit(limit, 50, 500));
    }

    @Put("/agents/{id}/group")
    @Secured(Roles.ADMIN)
    @BodyLimit(MAX_BODY)
    public AgentRegistry.AgentView moveToGroup(@PathVariable String id, @Body @Valid GroupChange change, Authentication authentication) {
        return agents.moveToGroup(AdminPrincipal.of(authentication), id, change.groupId());
    }

    @Post("/agents/{id}/revoke")
    @Secured(Roles.ADMIN)
    public AgentRegistry.AgentView revoke(@PathVariable String id, Authentication authentication) {
        return agents.revoke(AdminPrincipal.of(authentication), id);
    }

    /** Asks the agent to measure its patch level now instead of at its next scheduled check. */
    @Post("/agents/{id}/refresh-patch-status")
    @Secured(Roles.ADMIN)
    public HttpResponse<CommandQueue.CommandView> refreshPatchStatus(@PathVariable String id, Authentication authentication) {
        return HttpResponse.status(HttpStatus.ACCEPTED).body(agents.requestPatchRefresh(AdminPrincipal.of(authentication), id));
    }

    @Get("/groups")
    public List<AgentGroup> groups() {
        return groups.list();
    }

    @Post("/groups")
    @Secured(Roles.ADMIN)
    @BodyLimit(MAX_BODY)
    public HttpResponse<AgentGroup> createGroup(@Body @Valid NewGroup group, Authentication authentication) {
        return HttpResponse.status(HttpStatus.CREATED).body(groups.create(AdminPrincipal.of(authentication), group.id(),
                group.nameJa(), group.nameEn(), group.policyName()));
    }

    @Patch("/groups/{id}")
    @Secured(Roles.ADMIN)
    @BodyLimit(MAX_BODY)
    public AgentGroup updateGroup(@PathVariable String id, @Body @Valid GroupUpdate update, Authentication authentication) {
        return groups.update(AdminPrincipal.of(authentication), id, update.nameJa(), update.nameEn(), update.policyName());
    }

    @Get("/enrollment-tokens")
    @Secured(Roles.ADMIN)
    public List<EnrollmentTokens.TokenView> tokens() {
        return tokens.list();
    }

    /** Makes a token; the answer holds its value, shown this once. */
    @Post("/enrollment-tokens")
    @Secured(Roles.ADMIN)
    @BodyLimit(MAX_BODY)
    public HttpResponse<EnrollmentTokens.NewToken> createToken(@Body @Valid NewToken request, Authentication authentication) {
        double hours = request.validForHours() == null ? 24.0 * 7 : request.validForHours();
        return HttpResponse.status(HttpStatus.CREATED).body(tokens.create(AdminPrincipal.of(authentication),
                request.description(), request.groupId(), request.maxUses(), Duration.ofSeconds(Math.round(hours * 3600))));
    }

    @Post("/enrollment-tokens/{id}/revoke")
    @Secured(Roles.ADMIN)
    public EnrollmentTokens.TokenView revokeToken(@PathVariable String id, Authentication authentication) {
        return tokens.revoke(AdminPrincipal.of(authentication), id);
    }
}
