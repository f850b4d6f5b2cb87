package io.mamori.console.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Role;
import io.mamori.console.accounts.Roles;
import io.mamori.console.agents.AgentGroup;
import io.mamori.console.agents.AgentGroups;
import io.mamori.console.policy.PolicyDiff;
import io.mamori.console.policy.PolicyPreview;
import io.mamori.console.policy.PolicyStore;
import io.mamori.console.web.ApiException;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.json.ProtocolException;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.RuleScope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy editor: which group uses which policy, a policy's structured form and its whole
 * document as JSON, a preview of what an edit would have decided for the last 7 days of events,
 * publishing (a new signed version, refused when someone published meanwhile) and the history
 * with a diff between any two versions. Administrators edit; auditors read; a refused edit is
 * shown again with what the person typed.
 */
@Controller("/ui/policy")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.AUDITOR})
public class PolicyPages {

    private static final ObjectWriter PRETTY = ProtocolJson.newMapper().writerWithDefaultPrettyPrinter();

    /** A version row of the history, with whether it is in force. */
    public record VersionRow(PolicyStore.VersionInfo info, boolean current) {
    }

    /** One line of a diff as the page shows it: a path, a sign and a value. */
    public record DiffLine(String path, String kind, String before, String after) {
    }

    private final PolicyStore policies;
    private final PolicyPreview preview;
    private final AgentGroups groups;
    private final UiPages pages;

    public PolicyPages(PolicyStore policies, PolicyPreview preview, AgentGroups groups, UiPages pages) {
        this.policies = policies;
        this.preview = preview;
        this.groups = groups;
        this.pages = pages;
    }

    @Get
    public ModelAndView<Map<String, Object>> overview(HttpRequest<?> request, Authentication authentication) {
        Map<String, List<AgentGroup>> byPolicy = new HashMap<>();
        for (AgentGroup group : groups.list()) {
            byPolicy.computeIfAbsent(group.policyName(), k -> new java.util.ArrayList<>()).add(group);
        }
        return pages.page("policy", "policy", request, authentication,
                Map.of("policies", policies.list(), "groupsByPolicy", byPolicy));
    }

    @Get("/{name}")
    public ModelAndView<Map<String, Object>> editor(@PathVariable String name, @Nullable @QueryValue Long published,
            HttpRequest<?> request, Authentication authentication) {
        PolicyStore.PolicyVersion current = policies.current(name);
        Map<String, Object> model = editorModel(name, current.info(), authentication);
        model.put("form", PolicyForm.of(current.policy()));
        model.put("json", pretty(current.policy()));
        if (published != null) {
            model.put("published", published);
        }
        return pages.page("policy-edit", "policy", request, authentication, model);
    }

    /** The structured form: preview it, or publish it as the next version. */
    @Post("/{name}/form")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Roles.ADMIN)
    public HttpResponse<?> submitForm(@PathVariable String name, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        long baseVersion = baseVersion(form);
        PolicyStore.PolicyVersion base = policies.version(name, baseVersion);
        PolicyForm edited = PolicyForm.of(form);
        JsonNode draft = edited.applyTo(base.policy());
        Map<String, Object> model = editorModel(name, base.info(), authentication);
        model.put("form", edited);
        model.put("json", pretty(base.policy()));
        model.put("comment", form.text("comment"));
        if (!edited.errors.isEmpty()) {
            return refused(HttpStatus.BAD_REQUEST, request, authentication, model);
        }
        return previewOrPublish(name, base.info(), draft, form, request, authentication, model, edited::rejected);
    }

    /** The whole document as JSON, for everything the form does not show. */
    @Post("/{name}/json")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Roles.ADMIN)
    public HttpResponse<?> submitJson(@PathVariable String name, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        PolicyStore.PolicyVersion base = policies.version(name, baseVersion(form));
        String json = form.value("json") == null ? "" : form.value("json");
        Map<String, Object> model = editorModel(name, base.info(), authentication);
        model.put("form", PolicyForm.of(base.policy()));
        model.put("json", json);
        model.put("jsonComment", form.text("comment"));
        model.put("openJson", true);
        Map<String, PolicyForm.FieldError> errors = new HashMap<>();
        model.put("jsonErrors", errors);
        JsonNode draft;
        try {
            draft = ProtocolJson.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            errors.put("json", new PolicyForm.FieldError("policy.error.json", "", e.field() == null ? "" : e.field(), e.problem()));
            return refused(HttpStatus.BAD_REQUEST, request, authentication, model);
        }
        return previewOrPublish(name, base.info(), draft, form, request, authentication, model,
                (path, detail) -> errors.putIfAbsent("json", new PolicyForm.FieldError("policy.error.field", path, path, detail)));
    }

    @Get("/{name}/history")
    public ModelAndView<Map<String, Object>> history(@PathVariable String name, @Nullable @QueryValue Long from,
            @Nullable @QueryValue Long to, HttpRequest<?> request, Authentication authentication) {
        List<PolicyStore.VersionInfo> versions = policies.history(name);
        long newest = versions.get(0).version();
        long older = from != null ? from : versions.size() > 1 ? versions.get(1).version() : newest;
        long newer = to != null ? to : newest;
        Map<String, Object> model = new HashMap<>();
        model.put("name", name);
        model.put("path", path(name));
        model.put("versions", versions.stream().map(v -> new VersionRow(v, v.version() == newest)).toList());
        model.put("from", older);
        model.put("to", newer);
        model.put("diff", policies.diff(name, older, newer).stream().map(PolicyPages::line).toList());
        return pages.page("policy-history", "policy", request, authentication, model);
    }

    // ---------------------------------------------------------------- internals

    /** Where an edit ends: the editor again with the preview, the editor after publishing, or the form with its errors. */
    private HttpResponse<?> previewOrPublish(String name, PolicyStore.VersionInfo base, JsonNode draft, Forms form,
            HttpRequest<?> request, Authentication authentication, Map<String, Object> model, Rejections rejections) {
        try {
            if ("publish".equals(form.value("do"))) {
                AdminPrincipal admin = AdminPrincipal.of(authentication);
                String comment = form.text("comment");
                PolicyStore.VersionInfo published = policies.publish(admin.username(), admin.client(), name,
                        base.version(), draft, comment.isEmpty() ? null : comment);
                return UiPages.seeOther(path(name) + "?published=" + published.version());
            }
            model.put("preview", preview.preview(name, draft));
            return HttpResponse.ok(pages.page("policy-edit", "policy", request, authentication, model));
        } catch (ApiException refused) {
            if (refused.status() == HttpStatus.CONFLICT) {
                PolicyStore.VersionInfo now = policies.current(name).info();
                // the person's input stays, now on top of the version in force: they look at what changed and publish again
                model.putAll(editorModel(name, now, authentication));
                model.put("conflict", Map.of("theirs", now, "mine", base.version()));
                return refused(HttpStatus.CONFLICT, request, authentication, model);
            }
            if (refused.status() != HttpStatus.BAD_REQUEST) {
                throw refused;
            }
            rejections.rejected(refused.field(), refused.getMessage());
            return refused(HttpStatus.BAD_REQUEST, request, authentication, model);
        }
    }

    private interface Rejections {
        void rejected(String path, String detail);
    }

    private HttpResponse<?> refused(HttpStatus status, HttpRequest<?> request, Authentication authentication,
            Map<String, Object> model) {
        model.put("refused", true);
        return HttpResponse.status(status).body(pages.page("policy-edit", "policy", request, authentication, model));
    }

    private Map<String, Object> editorModel(String name, PolicyStore.VersionInfo version, Authentication authentication) {
        Map<String, Object> model = new HashMap<>();
        model.put("name", name);
        model.put("path", path(name));
        model.put("version", version);
        model.put("canEdit", UiPages.role(authentication) == Role.ADMIN);
        model.put("fileActions", Arrays.stream(Action.values()).filter(Action::appliesToFiles).toList());
        model.put("ruleActions", Arrays.asList(Action.values()));
        model.put("scopes", RuleScope.values());
        model.put("confidences", Confidence.values());
        model.put("patchFields", PolicyForm.PATCH_FIELDS);
        model.put("days", PolicyPreview.WINDOW.toDays());
        model.put("maxEvents", PolicyPreview.MAX_EVENTS);
        return model;
    }

    private static long baseVersion(Forms form) {
        try {
            return Long.parseLong(form.text("baseVersion"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("baseVersion", "the form lacks the version it was made from");
        }
    }

    private static DiffLine line(PolicyDiff.Change change) {
        return new DiffLine(change.path(), change.kind().name(), change.before() == null ? null : compact(change.before()),
                change.after() == null ? null : compact(change.after()));
    }

    private static String compact(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static String pretty(JsonNode document) {
        try {
            return PRETTY.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored policy does not write as JSON", e);
        }
    }

    /** The editor's address; names may hold spaces and Japanese. */
    static String path(String name) {
        return "/ui/policy/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
