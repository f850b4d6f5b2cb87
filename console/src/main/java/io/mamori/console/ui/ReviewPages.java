package io.mamori.console.ui;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Role;
import io.mamori.console.accounts.Roles;
import io.mamori.console.review.Exceptions;
import io.mamori.console.review.OperationAnswers;
import io.mamori.console.review.ReviewQueue;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.Cursor;
import io.mamori.console.web.Page;
import io.mamori.protocol.policy.ExceptionScope;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The review queue as pages: the blocked and held copies awaiting a decision, one copy in full,
 * and the decisions — approve (release to the user), deny (purge), a time-limited exception —
 * singly or for the ticked rows at once. Reviewers and administrators decide; auditors read, and
 * the decision handlers refuse them as the API does.
 */
@Controller("/ui/review")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
public class ReviewPages {

    static final int PAGE_SIZE = 50;
    /** More ticked rows than a page holds cannot come from the page. */
    static final int MOST_AT_ONCE = 200;
    /** The list's state filter: "open" (awaiting a decision, the default), "all", or one state. */
    static final String OPEN = "open";
    static final String ALL = "all";
    private static final Set<String> NOTICES = Set.of("approved", "denied", "exception", "bulk", "nothing");

    private final ReviewQueue reviews;
    private final Exceptions exceptions;
    private final OperationAnswers answers;
    private final UiPages pages;

    public ReviewPages(ReviewQueue reviews, Exceptions exceptions, OperationAnswers answers, UiPages pages) {
        this.reviews = reviews;
        this.exceptions = exceptions;
        this.answers = answers;
        this.pages = pages;
    }

    @Get
    public ModelAndView<Map<String, Object>> queue(HttpRequest<?> request, Authentication authentication,
            @Nullable @QueryValue String state, @Nullable @QueryValue String cursor, @Nullable @QueryValue String done,
            @Nullable @QueryValue Integer count, @Nullable @QueryValue Integer failed) {
        String filter = state == null || state.isBlank() ? OPEN : state.strip();
        Set<ReviewQueue.State> states = states(filter);
        Page<ReviewQueue.ReviewItem> page = reviews.list(states, cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor),
                PAGE_SIZE);
        Map<String, com.fasterxml.jackson.databind.JsonNode> answered = answers.of(page.items());
        List<ReviewRow> rows = new ArrayList<>();
        for (ReviewQueue.ReviewItem item : page.items()) {
            rows.add(ReviewRow.of(item, answered.get(item.eventId())));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("filter", filter);
        model.put("states", ReviewQueue.State.values());
        Map<ReviewQueue.State, Long> counts = reviews.counts();
        model.put("pendingCount", counts.getOrDefault(ReviewQueue.State.PENDING, 0L));
        model.put("failedCount", counts.getOrDefault(ReviewQueue.State.FAILED, 0L));
        model.put("mayDecide", mayDecide(authentication));
        model.put("paged", cursor != null && !cursor.isBlank());
        model.put("first", "/ui/review?state=" + encode(filter));
        model.put("next", page.nextCursor() == null ? null
                : "/ui/review?state=" + encode(filter) + "&cursor=" + encode(page.nextCursor()));
        notice(model, done, count, failed);
        return pages.page("review", "review", request, authentication, model);
    }

    @Get("/{eventId}")
    public ModelAndView<Map<String, Object>> item(@PathVariable String eventId, HttpRequest<?> request,
            Authentication authentication, @Nullable @QueryValue String done) {
        Map<String, Object> model = itemModel(eventId, authentication);
        notice(model, done, null, null);
        return pages.page("review-item", "review", request, authentication, model);
    }

    @Post("/{eventId}/approve")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> approve(@PathVariable String eventId, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        String destination = form.text("destination");
        try {
            ReviewQueue.ReviewItem item = reviews.approve(AdminPrincipal.of(authentication), eventId, comment(form),
                    destination.isEmpty() ? null : destination);
            return UiPages.seeOther(afterDecision(item, "approved"));
        } catch (ApiException refused) {
            return again(eventId, request, authentication, form, refused);
        }
    }

    @Post("/{eventId}/deny")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> deny(@PathVariable String eventId, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        try {
            ReviewQueue.ReviewItem item = reviews.deny(AdminPrincipal.of(authentication), eventId, comment(form));
            return UiPages.seeOther(afterDecision(item, "denied"));
        } catch (ApiException refused) {
            return again(eventId, request, authentication, form, refused);
        }
    }

    /** A time-limited exception for the copy's device or its file (the API's /reviews/{id}/exception). */
    @Post("/{eventId}/exception")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> exception(@PathVariable String eventId, @Body @Nullable byte[] body, HttpRequest<?> request,
            Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        try {
            exceptions.grantForReview(AdminPrincipal.of(authentication), reviews.get(eventId), scope(form.text("scope")),
                    hours(form.text("hours")), form.text("reason"));
            return UiPages.seeOther("/ui/review/" + encode(eventId) + "?done=exception");
        } catch (ApiException refused) {
            return again(eventId, request, authentication, form, refused);
        }
    }

    /** Approve or deny every ticked row ({@code ids}); a row decided meanwhile is counted, not fatal. */
    @Post("/bulk")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> bulk(@Body @Nullable byte[] body, Authentication authentication) {
        Forms form = Forms.of(body, authentication);
        String decision = form.text("decision");
        if (!decision.equals("approve") && !decision.equals("deny")) {
            throw ApiException.badRequest("decision", "must be approve or deny");
        }
        List<String> ids = form.values("ids");
        if (ids.size() > MOST_AT_ONCE) {
            throw ApiException.badRequest("ids", "at most " + MOST_AT_ONCE + " rows at once");
        }
        String back = "/ui/review?state=" + encode(form.text("state").isEmpty() ? OPEN : form.text("state"));
        if (ids.isEmpty()) {
            return UiPages.seeOther(back + "&done=nothing");
        }
        AdminPrincipal reviewer = AdminPrincipal.of(authentication);
        String comment = comment(form);
        int decided = 0;
        int refused = 0;
        for (String id : ids) {
            try {
                if (decision.equals("approve")) {
                    reviews.approve(reviewer, id, comment, null);
                } else {
                    reviews.deny(reviewer, id, comment);
                }
                decided++;
            } catch (ApiException alreadyDecidedOrGone) {
                refused++; // reported on the page: "n could not be decided"
            }
        }
        return UiPages.seeOther(back + "&done=bulk&count=" + decided + "&failed=" + refused);
    }

    private Map<String, Object> itemModel(String eventId, Authentication authentication) {
        ReviewQueue.ReviewItem item = reviews.get(eventId);
        ReviewRow row = ReviewRow.of(item, answers.of(List.of(item)).get(item.eventId()));
        Map<String, Object> model = new HashMap<>();
        model.put("row", row);
        model.put("mayDecide", mayDecide(authentication));
        model.put("granted", exceptions.list(item.agentId(), true).stream()
                .filter(exception -> eventId.equals(exception.eventId())).toList());
        model.put("scopes", ExceptionScope.values());
        model.put("form", Map.of());
        return model;
    }

    /** The item's page again with what was refused and what was typed (a bad field, a copy decided meanwhile). */
    private HttpResponse<?> again(String eventId, HttpRequest<?> request, Authentication authentication, Forms form,
            ApiException refused) {
        if (refused.status().getCode() == 404) {
            throw refused;
        }
        Map<String, Object> model = itemModel(eventId, authentication);
        model.put("error", Map.of("key", refused.status().getCode() == 409 ? "error.conflict" : "error.invalid",
                "detail", (refused.field() == null ? "" : refused.field() + ": ") + refused.getMessage()));
        model.put("form", Map.of("comment", form.text("comment"), "destination", form.text("destination"),
                "scope", form.text("scope"), "hours", form.text("hours"), "reason", form.text("reason")));
        return HttpResponse.status(refused.status()).body(pages.page("review-item", "review", request, authentication, model));
    }

    /** After deciding one copy: the next copy awaiting a decision, so the queue is cleared one page after another. */
    private String afterDecision(ReviewQueue.ReviewItem decided, String done) {
        List<ReviewQueue.ReviewItem> next = reviews.list(ReviewQueue.OPEN, new Cursor(decided.createdAt(), decided.eventId()), 1)
                .items();
        if (next.isEmpty()) {
            next = reviews.list(ReviewQueue.OPEN, null, 1).items();
        }
        return next.isEmpty() ? "/ui/review?done=" + done : "/ui/review/" + encode(next.get(0).eventId()) + "?done=" + done;
    }

    private static void notice(Map<String, Object> model, String done, Integer count, Integer failed) {
        if (done != null && NOTICES.contains(done)) {
            model.put("done", "review.done." + done);
            model.put("doneCount", count == null ? 0 : count);
            model.put("doneFailed", failed == null ? 0 : failed);
        }
    }

    private static Set<ReviewQueue.State> states(String filter) {
        if (filter.equals(OPEN)) {
            return ReviewQueue.OPEN;
        }
        if (filter.equals(ALL)) {
            return Set.of();
        }
        try {
            return Set.of(ReviewQueue.State.valueOf(filter.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("state", "must be open, all or one of " + List.of(ReviewQueue.State.values()));
        }
    }

    private static boolean mayDecide(Authentication authentication) {
        Role role = UiPages.role(authentication);
        return role == Role.ADMIN || role == Role.REVIEWER;
    }

    private static String comment(Forms form) {
        String comment = form.text("comment");
        return comment.isEmpty() ? null : comment;
    }

    private static ExceptionScope scope(String text) {
        try {
            return ExceptionScope.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("scope", "must be DEVICE or FILE");
        }
    }

    /** The same bounds as the API's validForHours; Exceptions checks the longest. */
    private static Duration hours(String text) {
        double hours;
        try {
            hours = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("validForHours", "is required: how many hours the exception lasts");
        }
        if (Double.isNaN(hours) || Double.isInfinite(hours) || hours <= 0) {
            throw ApiException.badRequest("validForHours", "is required: how many hours the exception lasts");
        }
        return Duration.ofSeconds(Math.round(hours * 3600));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
