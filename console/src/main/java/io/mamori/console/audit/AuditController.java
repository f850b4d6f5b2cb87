package io.mamori.console.audit;

import io.mamori.console.accounts.Roles;
import io.mamori.console.web.Cursor;
import io.mamori.console.web.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.time.Instant;

/** The audit trail, for administrators and auditors: read-only, newest first. */
@Controller("/api/admin/audit")
@Secured({Roles.ADMIN, Roles.AUDITOR})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditController {

    private final AuditTrail audit;

    public AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @Get
    public Page<AuditTrail.Entry> search(@QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to,
            @QueryValue @Nullable String actor, @QueryValue @Nullable String action, @QueryValue @Nullable String cursor,
            @QueryValue @Nullable Integer limit) {
        return audit.search(new AuditTrail.Query(from, to, actor, action, Cursor.decode(cursor), Cursor.limit(limit, 50, 500)));
    }
}
