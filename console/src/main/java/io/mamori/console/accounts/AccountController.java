package io.mamori.console.accounts;

import io.mamori.console.web.BodyLimit;
import jakarta.validation.Valid;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.util.List;

/** Administrators manage console accounts: create, change role, reset, unlock, disable. */
@Controller("/api/admin/accounts")
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountController {

    private static final int MAX_BODY = 16 * 1024;

    private final Accounts accounts;

    public AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    @Get
    public List<AccountView> list() {
        return accounts.list();
    }

    @Get("/{id}")
    public AccountView get(@PathVariable String id) {
        return accounts.get(id);
    }

    /** Makes an account; the answer holds its one-time password, shown this once. */
    @Post
    @BodyLimit(MAX_BODY)
    public HttpResponse<Accounts.OneTimeCredential> create(@Body @Valid AccountRequests.NewAccount request, Authentication authentication) {
        return HttpResponse.status(HttpStatus.CREATED).body(accounts.create(AdminPrincipal.of(authentication),
                request.username(), request.displayName(), request.role()));
    }

    @Patch("/{id}")
    @BodyLimit(MAX_BODY)
    public AccountView update(@PathVariable String id, @Body @Valid AccountRequests.AccountChange change, Authentication authentication) {
        return accounts.update(AdminPrincipal.of(authentication), id, change.displayName(), change.role());
    }

    @Post("/{id}/reset-password")
    public Accounts.OneTimeCredential resetPassword(@PathVariable String id, Authentication authentication) {
        return accounts.resetPassword(AdminPrincipal.of(authentication), id);
    }

    @Post("/{id}/unlock")
    public AccountView unlock(@PathVariable String id, Authentication authentication) {
        return accounts.unlock(AdminPrincipal.of(authentication), id);
    }

    @Post("/{id}/reset-second-factor")
    public AccountView resetSecondFactor(@PathVariable String id, Authentication authentication) {
        return accounts.resetSecondFactor(AdminPrincipal.of(authentication), id);
    }

    @Post("/{id}/disable")
    public AccountView disable(@PathVariable String id, Authentication authentication) {
        return accounts.setDisabled(AdminPrincipal.of(authentication), id, true);
    }

    @Post("/{id}/enable")
    public AccountView enable(@PathVariable String id, Authentication authentication) {
        return accounts.setDisabled(AdminPrincipal.of(authentication), id, false);
    }
}
