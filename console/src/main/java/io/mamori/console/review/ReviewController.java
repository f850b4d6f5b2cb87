package io.mamori.console.review;

import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.Size;
import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.accounts.Roles;
import io.mamori.console.web.ApiException;
import io.mamori.console.web.Cursor;
import io.mamori.console.web.BodyLimit;
import jakarta.validation.Valid;
import io.mamori.console.web.Page;
import io.mamori.protocol.device.DeviceMatcher;
import io.mamori.protocol.policy.ExceptionScope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The review queue: blocked copies, and the decisions on them. Reviewers and administrators
 * decide; auditors read.
 */
@Controller("/api/admin")
@Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReviewController {

    private static final int MAX_BODY = 16 * 1024;

    /** A reviewer's decision: a comment for the record and, for a release, a folder of the employee's home. */
    @Introspected
    record Decision(@Size(max = 2000, message = "must be at most 2000 characters") String comment,
            @Size(max = 255, message = "must be at most 255 characters") String destination) {
    }

    @Introspected
    record ExceptionRequest(ExceptionScope scope, Double validForHours, @Size(max = 2000) String reason) {
    }

    @Introspected
    record DirectException(ExceptionScope scope, DeviceMatcher device, @Size(max = 64) String sha256, Double validForHours,
            @Size(max = 2000) String reason) {
    }

    private final ReviewQueue reviews;
    private final Exceptions exceptions;

    public ReviewController(ReviewQueue reviews, Exceptions exceptions) {
        this.reviews = reviews;
        this.exceptions = exceptions;
    }

    @Get("/reviews")
    public Page<ReviewQueue.ReviewItem> list(@QueryValue @Nullable String state, @QueryValue @Nullable String cursor,
            @QueryValue @Nullable Integer limit) {
        return reviews.list(state(state), Cursor.decode(cursor), Cursor.limit(limit, 50, 500));
    }

    @Get("/reviews/counts")
    public Map<ReviewQueue.State, Long> counts() {
        return reviews.counts();
    }

    @Get("/reviews/{eventId}")
    public ReviewQueue.ReviewItem get(@PathVariable String eventId) {
        return reviews.get(eventId);
    }

    @Post("/reviews/{eventId}/approve")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @BodyLimit(MAX_BODY)
    public ReviewQueue.ReviewItem approve(@PathVariable String eventId, @Body @Nullable @Valid Decision body,
            Authentication authentication) {
        Decision decision = body == null ? new Decision(null, null) : body;
        return reviews.approve(AdminPrincipal.of(authentication), eventId, decision.comment(), decision.destination());
    }

    @Post("/reviews/{eventId}/deny")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @BodyLimit(MAX_BODY)
    public ReviewQueue.ReviewItem deny(@PathVariable String eventId, @Body @Nullable @Valid Decision body, Authentication authentication) {
        Decision decision = body == null ? new Decision(null, null) : body;
        if (decision.destination() != null) {
            throw ApiException.badRequest("destination", "a denied copy is destroyed, it has no destination");
        }
        return reviews.deny(AdminPrincipal.of(authentication), eventId, decision.comment());
    }

    /** A time-limited exception for the device or the file of a blocked copy. */
    @Post("/reviews/{eventId}/exception")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @BodyLimit(MAX_BODY)
    public HttpResponse<Exceptions.ExceptionView> exception(@PathVariable String eventId, @Body @Valid ExceptionRequest request,
            Authentication authentication) {
        return HttpResponse.status(HttpStatus.CREATED).body(exceptions.grantForReview(AdminPrincipal.of(authentication),
                reviews.get(eventId), request.scope(), hours(request.validForHours()), request.reason()));
    }

    @Get("/exceptions")
    public List<Exceptions.ExceptionView> exceptions(@QueryValue @Nullable String agentId, @QueryValue @Nullable Boolean active) {
        return exceptions.list(agentId, active == null || active);
    }

    @Post("/agents/{id}/exceptions")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    @BodyLimit(MAX_BODY)
    public HttpResponse<Exceptions.ExceptionView> grant(@PathVariable("id") String agentId, @Body @Valid DirectException request,
            Authentication authentication) {
        return HttpResponse.status(HttpStatus.CREATED).body(exceptions.grant(AdminPrincipal.of(authentication), agentId,
                request.scope(), request.device(), request.sha256(), hours(request.validForHours()), request.reason(), null));
    }

    @Post("/exceptions/{id}/revoke")
    @Secured({Roles.ADMIN, Roles.REVIEWER})
    public Exceptions.ExceptionView revoke(@PathVariable String id, Authentication authentication) {
        return exceptions.revoke(AdminPrincipal.of(authentication), id);
    }

    private static Duration hours(Double hours) {
        if (hours == null || hours.isNaN() || hours <= 0) {
            throw ApiException.badRequest("validForHours", "is required: how many hours the exception lasts");
        }
        return Duration.ofSeconds(Math.round(hours * 3600));
    }

    private static ReviewQueue.State state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return ReviewQueue.State.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("state", "must be one of " + List.of(ReviewQueue.State.values()));
        }
    }
}
