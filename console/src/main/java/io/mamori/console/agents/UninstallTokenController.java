package io.mamori.console.agents;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Roles;
import io.mamori.console.web.BodyLimit;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Uninstall tokens of groups and agents, for administrators only: see which is in force (and its
 * SHA-256, for installers), make or rotate one, show one (audited), drop an agent's own.
 */
@Controller("/api/admin")
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class UninstallTokenController {

    private static final int MAX_BODY = 4 * 1024;

    /**
     * A new uninstall token: the one given (e.g. the token IT already used at install, so machines
     * installed with it keep working), else 256 random bits. Printable ASCII without spaces, so it
     * passes unchanged through shell variables, MSI properties and files.
     */
    @Introspected
    record NewUninstallToken(@Nullable @Size(min = 16, max = 200, message = "must be 16 to 200 characters")
            @Pattern(regexp = "[\\x21-\\x7E]*", message = "must be printable ASCII without spaces") String token) {
    }

    private final UninstallTokens tokens;

    public UninstallTokenController(UninstallTokens tokens) {
        this.tokens = tokens;
    }

    @Get("/groups/{id}/uninstall-token")
    public UninstallTokens.TokenView group(@PathVariable String id) {
        return tokens.group(id);
    }

    /** Makes or replaces the group's token; the answer holds it. */
    @Post("/groups/{id}/uninstall-token")
    @BodyLimit(MAX_BODY)
    public HttpResponse<UninstallTokens.Shown> createForGroup(@PathVariable String id, @Body @Nullable @Valid NewUninstallToken request,
            Authentication authentication) {
        return HttpResponse.status(HttpStatus.CREATED).body(tokens.create(AdminPrincipal.of(authentication),
                UninstallTokens.Scope.GROUP, id, request == null ? null : request.token()));
    }

    @Post("/groups/{id}/uninstall-token/show")
    public UninstallTokens.Shown showGroup(@PathVariable String id, Authentication authentication) {
        return tokens.showGroup(AdminPrincipal.of(authentication), id);
    }

    /** The token in force for the agent: its own, else its group's. */
    @Get("/agents/{id}/uninstall-token")
    public UninstallTokens.TokenView agent(@PathVariable String id) {
        return tokens.agent(id);
    }

    /** Makes or replaces the agent's own token, which overrides its group's; the answer holds it. */
    @Post("/agents/{id}/uninstall-token")
    @BodyLimit(MAX_BODY)
    public HttpResponse<UninstallTokens.Shown> createForAgent(@PathVariable String id, @Body @Nullable @Valid NewUninstallToken request,
            Authentication authentication) {
        return HttpResponse.status(HttpStatus.CREATED).body(tokens.create(AdminPrincipal.of(authentication),
                UninstallTokens.Scope.AGENT, id, request == null ? null : request.token()));
    }

    @Post("/agents/{id}/uninstall-token/show")
    public UninstallTokens.Shown showAgent(@PathVariable String id, Authentication authentication) {
        return tokens.showAgent(AdminPrincipal.of(authentication), id);
    }

    /** Drops the agent's own token: its group's is in force again. */
    @Delete("/agents/{id}/uninstall-token")
    public UninstallTokens.TokenView removeAgentsOwn(@PathVariable String id, Authentication authentication) {
        return tokens.removeAgentsOwn(AdminPrincipal.of(authentication), id);
    }
}
