package io.mamori.console.ui;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Role;
import io.mamori.console.accounts.Roles;
import io.mamori.console.requests.DeviceRequests;
import io.mamori.console.web.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Employees' device requests as a page (issue 23): those waiting, each with who asks, for which
 * device, how long and why; approve for a period (the employee's own unless changed) or deny with
 * a comment the employee is shown. Reviewers and administrators decide; auditors read.
 */
@Controller("/ui/requests")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
public class RequestPages {

    private static final Set<String> NOTICES = Set.of("approved", "denied");

    private final DeviceRequests requests;
    private final UiPages pages;

    public RequestPages(DeviceRequests requests, UiPages pages) {
        this.requests = requests;
        this.pages = pages;
    }

    @Get
    public ModelAndView<Map<String, Object>> list(HttpRequest<?> request, Authentication authentication,
            @Nullable @QueryValue String state, @Nullable @QueryValue String done) {
        return pages.page("requests", "requests", request, authentication, model(authentication, state, done));
    }

    @Post("/{id}/approve")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> approve(@PathVariable String id, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        try {
            Integer hours = form.text("hours").isEmpty() ? null : Integer.valueOf(form.text("hours"));
            requests.approve(AdminPrincipal.of(authentication), id, hours, limited(form.text("comment")));
            return UiPages.seeOther("/ui/requests?done=approved");
        } catch (NumberFormatException e) {
            return again(request, authentication, ApiException.badRequest("hours", "must be a whole number of hours"));
        } catch (ApiException refused) {
            return again(request, authentication, refused);
        }
    }

    @Post("/{id}/deny")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> deny(@PathVariable String id, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        try {
            requests.deny(AdminPrincipal.of(authentication), id, limited(form.text("comment")));
            return UiPages.seeOther("/ui/requests?done=denied");
        } catch (ApiException refused) {
            return again(request, authentication, refused);
        }
    }

    private static String limited(String comment) {
        if (comment.length() > 2000) {
            throw ApiException.badRequest("comment", "must be at most 2000 characters");
        }
        return comment.isEmpty() ? null : comment;
    }

    private Map<String, Object> model(Authentication authentication, String state, String done) {
        DeviceRequests.State shown;
        try {
            shown = state == null || state.isBlank() ? DeviceRequests.State.PENDING
                    : DeviceRequests.State.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            shown = DeviceRequests.State.PENDING;
        }
        List<DeviceRequests.RequestView> rows = requests.list(shown, 200);
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("shown", shown.name());
        model.put("states", DeviceRequests.State.values());
        Role role = UiPages.role(authentication);
        model.put("mayDecide", role == Role.ADMIN || role == Role.REVIEWER);
        if (done != null && NOTICES.contains(done)) {
            model.put("done", "requests.done." + done);
        }
        return model;
    }

    private HttpResponse<?> again(HttpRequest<?> request, Authentication authentication, ApiException refused) {
        if (refused.status().getCode() == 404) {
            throw refused;
        }
        Map<String, Object> model = model(authentication, null, null);
        model.put("error", Map.of("key", refused.status().getCode() == 409 ? "error.conflict" : "error.invalid",
                "detail", (refused.field() == null ? "" : refused.field() + ": ") + refused.getMessage()));
        return HttpResponse.status(refused.status()).body(pages.page("requests", "requests", request, authentication, model));
    }
}
