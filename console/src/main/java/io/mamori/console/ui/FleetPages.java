package io.mamori.console.ui;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Roles;
import io.mamori.console.agents.AgentGroup;
import io.mamori.console.agents.AgentGroups;
import io.mamori.console.agents.AgentRegistry;
import io.mamori.console.agents.Fleet;
import io.mamori.console.agents.UninstallTokens;
import io.mamori.protocol.patch.PatchCompliance;
import io.mamori.console.events.EventSearch;
import io.mamori.console.policy.PolicyStore;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.Cursor;
import io.mamori.console.web.Page;
import io.mamori.protocol.patch.PatchThresholds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet: every agent with its host, OS, agent version, when it was last heard from (online,
 * offline, inactive), the policy version it runs against the one published for its group, and its
 * patch compliance; one agent's page with its recent events.
 */
@Controller("/ui/fleet")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
public class FleetPages {

    static final int PAGE_SIZE = 50;
    private static final Set<String> STATES = Set.of("all", "online", "offline", "inactive", "revoked");

    /** One row of the fleet table. */
    public record Row(AgentRegistry.AgentView agent, String state, long publishedVersion, PatchCompliance.Result compliance,
            String why) {
    }

    private final AgentRegistry registry;
    private final AgentGroups groups;
    private final PolicyStore policies;
    private final Fleet fleet;
    private final EventSearch events;
    private final UiPages pages;
    private final UninstallTokens uninstallTokens;

    public FleetPages(AgentRegistry registry, AgentGroups groups, PolicyStore policies, Fleet fleet, EventSearch events,
            UiPages pages, UninstallTokens uninstallTokens) {
        this.uninstallTokens = uninstallTokens;
        this.registry = registry;
        this.groups = groups;
        this.policies = policies;
        this.fleet = fleet;
        this.events = events;
        this.pages = pages;
    }

    @Get
    public ModelAndView<Map<String, Object>> list(HttpRequest<?> request, Authentication authentication,
            @Nullable @QueryValue String state, @Nullable @QueryValue String hostname, @Nullable @QueryValue String group,
            @Nullable @QueryValue String cursor) {
        String wanted = state == null || state.isBlank() ? "all" : state.strip();
        if (!STATES.contains(wanted)) {
            throw ApiException.badRequest("state", "must be all, online, offline, inactive or revoked");
        }
        List<AgentGroup> groupList = groups.list();
        String groupId = group == null || group.isBlank() ? null : group.strip();
        Page<AgentRegistry.AgentView> page = registry.list(new AgentRegistry.Query(groupId, hostname, wanted,
                cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor), PAGE_SIZE));
        Map<String, PatchThresholds> thresholds = fleet.thresholdsByGroup();
        UiFormat format = pages.format(request);
        Map<String, Long> published = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (AgentRegistry.AgentView agent : page.items()) {
            long version = published.computeIfAbsent(agent.groupId(), policies::assignedVersion);
            rows.add(row(agent, version, fleet.compliance(agent, thresholds), format));
        }
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("state", wanted);
        if (hostname != null && !hostname.isBlank()) {
            filters.put("hostname", hostname.strip());
        }
        if (groupId != null) {
            filters.put("group", groupId);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("filters", filters);
        model.put("groups", groupList);
        model.put("states", List.of("all", "online", "offline", "inactive", "revoked"));
        model.put("counts", registry.counts());
        model.put("tally", fleet.tally());
        model.put("next", page.nextCursor() == null ? null : "/ui/fleet?" + EventPages.query(filters) + "&cursor="
                + URLEncoder.encode(page.nextCursor(), StandardCharsets.UTF_8));
        model.put("first", cursor == null || cursor.isBlank() ? null : "/ui/fleet?" + EventPages.query(filters));
        return pages.page("fleet", "fleet", request, authentication, model);
    }

    @Get("/{agentId}")
    public ModelAndView<Map<String, Object>> agent(@PathVariable String agentId, HttpRequest<?> request,
            Authentication authentication, @Nullable @QueryValue String done) {
        return agentPage(agentId, request, authentication, done, null);
    }

    private ModelAndView<Map<String, Object>> agentPage(String agentId, HttpRequest<?> request, Authentication authentication,
            String done, UninstallTokens.Shown shown) {
        AgentRegistry.AgentView agent = registry.get(agentId);
        boolean admin = UiPages.role(authentication) == io.mamori.console.accounts.Role.ADMIN;
        Map<String, Object> model = new HashMap<>();
        model.put("row", row(agent, policies.assignedVersion(agent.groupId()), fleet.compliance(agent, fleet.thresholdsByGroup()),
                pages.format(request)));
        model.put("group", groups.list().stream().filter(g -> g.id().equals(agent.groupId())).findFirst().orElse(null));
        model.put("events", events.search(new EventSearch.Query(null, null, null, null, agentId, null, null, null, null, null,
                20)).items());
        model.put("canAct", admin && agent.revokedAt() == null);
        model.put("isAdmin", admin);
        model.put("done", "refresh".equals(done));
        model.put("doneUninstall", done != null && done.startsWith("uninstall-") ? done : null);
        if (admin) {
            model.put("uninstall", uninstallTokens.agent(agentId));
        }
        model.put("shownToken", shown);
        return pages.page("fleet-agent", "fleet", request, authentication, model);
    }

    /** Shows the uninstall token in force for the agent (audited); the page is rendered, never redirected, so it stays out of URLs. */
    @Post("/{agentId}/uninstall-token/show")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Roles.ADMIN)
    public ModelAndView<Map<String, Object>> showUninstallToken(@PathVariable String agentId, @Body @Nullable byte[] body,
            HttpRequest<?> request, Authentication authentication) {
        Forms.of(body, authentication);
        UninstallTokens.Shown shown = uninstallTokens.showAgent(AdminPrincipal.of(authentication), agentId);
        return agentPage(agentId, request, authentication, null, shown);
    }

    /** Makes or rotates the uninstall token of the agent ({@code scope=agent}) or of its group ({@code scope=group}). */
    @Post("/{agentId}/uninstall-token/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Roles.ADMIN)
    public ModelAndView<Map<String, Object>> newUninstallToken(@PathVariable String agentId, @Body @Nullable byte[] body,
            HttpRequest<?> request, Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        String scope = form.value("scope");
        AgentRegistry.AgentView agent = registry.get(agentId);
        UninstallTokens.Shown shown = switch (scope == null ? "" : scope) {
            case "agent" -> uninstallTokens.create(AdminPrincipal.of(authentication), UninstallTokens.Scope.AGENT, agentId, null);
            case "group" -> uninstallTokens.create(AdminPrincipal.of(authentication), UninstallTokens.Scope.GROUP, agent.groupId(),
                    null);
            default -> throw ApiException.badRequest("scope", "must be agent or group");
        };
        return agentPage(agentId, request, authentication, "uninstall-" + scope, shown);
    }

    /** Drops the agent's own uninstall token: its group's is in force again. */
    @Post("/{agentId}/uninstall-token/remove-own")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Roles.ADMIN)
    public MutableHttpResponse<?> removeOwnUninstallToken(@PathVariable String agentId, @Body @Nullable byte[] body,
            Authentication authentication) {
        Forms.of(body, authentication);
        uninstallTokens.removeAgentsOwn(AdminPrincipal.of(authentication), agentId);
        return UiPages.seeOther("/ui/fleet/" + URLEncoder.encode(agentId, StandardCharsets.UTF_8) + "?done=uninstall-removed");
    }

    /** Asks the agent for a fresh patch report (a command it picks up with its next heartbeat). */
    @Post("/{agentId}/refresh-patch-status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Roles.ADMIN)
    public MutableHttpResponse<?> refreshPatchStatus(@PathVariable String agentId, @Body @Nullable byte[] body,
            Authentication authentication) {
        Forms.of(body, authentication);
        registry.requestPatchRefresh(AdminPrincipal.of(authentication), agentId);
        return UiPages.seeOther("/ui/fleet/" + URLEncoder.encode(agentId, StandardCharsets.UTF_8) + "?done=refresh");
    }

    private Row row(AgentRegistry.AgentView agent, long published, PatchCompliance.Result compliance, UiFormat format) {
        List<String> reasons = new ArrayList<>();
        for (PatchCompliance.Reason reason : compliance.reasons()) {
            reasons.add(format.text(reason.key(), reason.values()));
        }
        return new Row(agent, state(agent), published, compliance, String.join(" / ", reasons));
    }

    private String state(AgentRegistry.AgentView agent) {
        if (agent.revokedAt() != null) {
            return "revoked";
        }
        if (agent.online()) {
            return "online";
        }
        Instant seen = agent.lastSeenAt() == null ? agent.enrolledAt() : agent.lastSeenAt();
        return seen.isBefore(registry.activeSince()) ? "inactive" : "offline";
    }
}
