package io.mamori.console.ui;

import io.mamori.console.accounts.Roles;
import io.mamori.console.alerts.AlertRules;
import io.mamori.console.alerts.Alerts;
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

/**
 * The alerts as a page (issue 23): the rules in force (set through the API, docs/console.md) and
 * the newest alerts with how each delivery went — sent, waiting for a retry with its last error,
 * given up, or held back by a rule's hourly limit.
 */
@Controller("/ui/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
public class AlertPages {

    private final AlertRules rules;
    private final Alerts alerts;
    private final UiPages pages;

    public AlertPages(AlertRules rules, Alerts alerts, UiPages pages) {
        this.rules = rules;
        this.alerts = alerts;
        this.pages = pages;
    }

    @Get
    public ModelAndView<Map<String, Object>> list(HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = new HashMap<>();
        model.put("rules", rules.list());
        model.put("alerts", alerts.recent(100));
        return pages.page("alerts", "alerts", request, authentication, model);
    }
}
