package io.mamori.console.requests;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Roles;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.BodyLimit;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Locale;

/** The queue of employees' device requests: reviewers and administrators decide, auditors read. */
@Controller("/api/admin")
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeviceRequestController {

    private static final int MAX_BODY = 16 * 1024;

    /** A reviewer's approval: for how long (the employee's own period when left out) and a comment. */
    @Introspected
    record Approval(@Nullable @Min(value = 1, message = "must be at least 1") @Max(value = 720, message = "must be at most 720 (30 days)")
            Integer hours, @Nullable @Size(max = 2000, message = "must be at most 2000 characters") String comment) {
    }

    /** A reviewer's refusal: the comment the employee is shown. */
    @Introspected
    record Refusal(@Nullable @Size(max = 2000, message = "must be at most 2000 characters") String comment) {
    }

    private final DeviceRequests requests;

    public DeviceRequestController(DeviceRequests requests) {
        this.requests = requests;
    }

    /** The requests in one state (PENDING unless {@code state}), newest first. */
    @Get("/device-requests")
    public List<DeviceRequests.RequestView> list(@QueryValue @Nullable String state, @QueryValue @Nullable Integer limit) {
        DeviceRequests.State wanted;
        try {
            wanted = state == null || state.isBlank() ? DeviceRequests.State.PENDING
                    : DeviceRequests.State.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("state", "must be PENDING, APPROVED or DENIED");
        }
        if (limit != null && (limit < 1 || limit > 500)) {
            throw ApiException.badRequest("limit", "must be between 1 and 500");
        }
        return requests.list(wanted, limit == null ? 100 : limit);
    }

    @Get("/device-requests/{id}")
    public DeviceRequests.RequestView get(@PathVariable String id) {
        return requests.get(id);
    }

    @Post("/device-requests/{id}/approve")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @BodyLimit(MAX_BODY)
    public DeviceRequests.RequestView approve(@PathVariable String id, @Body @Valid Approval approval, Authentication authentication) {
        return requests.approve(AdminPrincipal.of(authentication), id, approval.hours(), approval.comment());
    }

    @Post("/device-requests/{id}/deny")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @BodyLimit(MAX_BODY)
    public DeviceRequests.RequestView deny(@PathVariable String id, @Body @Valid Refusal refusal, Authentication authentication) {
        return requests.deny(AdminPrincipal.of(authentication), id, refusal.comment());
    }
}
