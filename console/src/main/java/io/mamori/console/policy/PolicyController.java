package io.mamori.console.policy;

import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Roles;
import io.mamori.console.keys.PolicyKeys;
import io.mamori.console.web.BodyLimit;
import jakarta.validation.Valid;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;

/** Policies: read by every role, published by administrators, with history and diffs. */
@Controller("/api/admin")
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
@ExecuteOn(TaskExecutors.BLOCKING)
public class PolicyController {

    private static final int MAX_BODY = 2 * 1024 * 1024;

    /**
     * A change to publish: the policy document (without name, version and issuedAt, which the
     * console sets), the version it was edited from, and a comment for the history.
     */
    @Introspected
    record Publish(@JsonProperty(required = true) @NotNull Long baseVersion,
            @Size(max = 2000, message = "must be at most 2000 characters") String comment,
            @JsonProperty(required = true) @NotNull JsonNode policy) {
    }

    private final PolicyStore policies;
    private final PolicyKeys keys;

    public PolicyController(PolicyStore policies, PolicyKeys keys) {
        this.policies = policies;
        this.keys = keys;
    }

    @Get("/policies")
    public List<PolicyStore.PolicySummary> list() {
        return policies.list();
    }

    @Get("/policies/{name}")
    public PolicyStore.PolicyVersion current(@PathVariable String name) {
        return policies.current(name);
    }

    @Put("/policies/{name}")
    @Secured(Roles.ADMIN)
    @BodyLimit(MAX_BODY)
    public PolicyStore.VersionInfo publish(@PathVariable String name, @Body @Valid Publish publish, Authentication authentication) {
        AdminPrincipal admin = AdminPrincipal.of(authentication);
        return policies.publish(admin.username(), admin.client(), name, publish.baseVersion(), publish.policy(), publish.comment());
    }

    @Get("/policies/{name}/versions")
    public List<PolicyStore.VersionInfo> history(@PathVariable String name) {
        return policies.history(name);
    }

    @Get("/policies/{name}/versions/{version}")
    public PolicyStore.PolicyVersion version(@PathVariable String name, @PathVariable long version) {
        return policies.version(name, version);
    }

    @Get("/policies/{name}/diff")
    public List<PolicyDiff.Change> diff(@PathVariable String name, @QueryValue long from, @QueryValue long to) {
        return policies.diff(name, from, to);
    }

    /** The console's policy signing keys (public halves): which is current, which agents may still pin. */
    @Get("/keys")
    @Secured({Roles.ADMIN, Roles.AUDITOR})
    public List<PolicyKeys.KeyInfo> keys() {
        return keys.list();
    }
}
