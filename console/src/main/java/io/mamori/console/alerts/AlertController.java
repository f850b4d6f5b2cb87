package io.mamori.console.alerts;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Roles;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.BodyLimit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import jakarta.validation.Valid;
import java.util.List;

/**
 * Alert rules and the alerts they raised. Administrators set rules; reviewers and auditors read
 * rules and alerts (docs/console.md, "Alerts").
 */
@Controller("/api/admin")
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertController {

    private static final int MAX_BODY = 16 * 1024;

    private final AlertRules rules;
    private final Alerts alerts;

    public AlertController(AlertRules rules, Alerts alerts) {
        this.rules = rules;
        this.alerts = alerts;
    }

    @Get("/alert-rules")
    public List<AlertRule> rules() {
        return rules.list();
    }

    @Get("/alert-rules/{id}")
    public AlertRule rule(@PathVariable String id) {
        return rules.get(id);
    }

    /** A new rule; the answer holds the webhook's signing secret, this once. */
    @Post("/alert-rules")
    @Secured(Roles.ADMIN)
    @BodyLimit(MAX_BODY)
    public HttpResponse<AlertRules.Saved> create(@Body @Valid AlertRuleRequest request, Authentication authentication) {
        return HttpResponse.status(HttpStatus.CREATED).body(rules.create(AdminPrincipal.of(authentication), request));
    }

    @Put("/alert-rules/{id}")
    @Secured(Roles.ADMIN)
    @BodyLimit(MAX_BODY)
    public AlertRules.Saved update(@PathVariable String id, @Body @Valid AlertRuleRequest request, Authentication authentication) {
        return rules.update(AdminPrincipal.of(authentication), id, request);
    }

    @Delete("/alert-rules/{id}")
    @Secured(Roles.ADMIN)
    public HttpResponse<Void> delete(@PathVariable String id, Authentication authentication) {
        rules.delete(AdminPrincipal.of(authentication), id);
        return HttpResponse.noContent();
    }

    /** The newest alerts (100 unless {@code limit}, at most 500), each with how its deliveries went. */
    @Get("/alerts")
    public List<Alerts.AlertView> alerts(@QueryValue @Nullable Integer limit) {
        if (limit != null && (limit < 1 || limit > 500)) {
            throw ApiException.badRequest("limit", "must be between 1 and 500");
        }
        return alerts.recent(limit == null ? 100 : limit);
    }
}
