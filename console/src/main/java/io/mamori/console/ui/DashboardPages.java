package io.mamori.console.ui;

import io.mamori.console.accounts.Roles;
import io.mamori.console.review.ReviewQueue;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import java.util.HashMap;
import java.util.Map;

/** The start page after signing in: what needs attention now. */
@Controller("/ui/dashboard")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
public class DashboardPages {

    private final ReviewQueue reviews;
    private final UiPages pages;

    public DashboardPages(ReviewQueue reviews, UiPages pages) {
        this.reviews = reviews;
        this.pages = pages;
    }

    @Get
    public ModelAndView<Map<String, Object>> dashboard(HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = new HashMap<>();
        model.put("awaitingReview", reviews.counts().getOrDefault(ReviewQueue.State.PENDING, 0L));
        return pages.page("dashboard", "dashboard", request, authentication, model);
    }
}
