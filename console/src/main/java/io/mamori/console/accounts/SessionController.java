package io.mamori.console.accounts;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.web.BodyLimit;
import jakarta.validation.Valid;
import io.mamori.console.web.RequestGuards;
import io.mamori.console.web.UnauthenticatedDoor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Signing in and out, and what a signed-in person does to their own account: change the
 * password, enrol or remove an authenticator app.
 */
@Controller("/api/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SessionController {

    private static final int MAX_BODY = 16 * 1024;

    private final Accounts accounts;
    private final ConsoleSettings settings;

    public SessionController(Accounts accounts, ConsoleSettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    @Post("/session")
    @UnauthenticatedDoor
    @Secured(SecurityRule.IS_ANONYMOUS)
    @BodyLimit(MAX_BODY)
    public MutableHttpResponse<SessionResponse> signIn(@Body @Valid AccountRequests.SignIn signIn, HttpRequest<?> request) {
        Accounts.SignIn result = accounts.signIn(signIn.username(), signIn.password(), RequestGuards.clientAddress(request),
                deviceToken(request));
        return withDevice(withSession(result.session(), result.account()), result.deviceToken());
    }

    @Post("/session/second-factor")
    @UnauthenticatedDoor
    @Secured(Roles.SECOND_FACTOR_PENDING)
    @BodyLimit(MAX_BODY)
    public MutableHttpResponse<SessionResponse> secondFactor(@Body @Valid AccountRequests.SecondFactor factor, Authentication authentication,
            HttpRequest<?> request) {
        Accounts.SignIn result = accounts.secondFactor(SessionAuthenticationFetcher.live(authentication), factor.code(),
                factor.recoveryCode(), RequestGuards.clientAddress(request), deviceToken(request));
        return withDevice(withSession(result.session(), result.account()), result.deviceToken());
    }

    @Delete("/session")
    @Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR, Roles.SECOND_FACTOR_PENDING, Roles.PASSWORD_CHANGE_PENDING,
            Roles.SECOND_FACTOR_SETUP_PENDING})
    public MutableHttpResponse<Object> signOut(Authentication authentication, HttpRequest<?> request) {
        accounts.signOut(SessionAuthenticationFetcher.live(authentication), RequestGuards.clientAddress(request));
        return HttpResponse.noContent().cookie(sessionCookie("").maxAge(Duration.ZERO));
    }

    @Get("/me")
    @Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR, Roles.SECOND_FACTOR_PENDING, Roles.PASSWORD_CHANGE_PENDING,
            Roles.SECOND_FACTOR_SETUP_PENDING})
    public SessionResponse me(Authentication authentication) {
        Sessions.Live live = SessionAuthenticationFetcher.live(authentication);
        return new SessionResponse(live.stage(), live.csrfToken(), null, live.account().view(Instant.now()));
    }

    @Post("/me/password")
    @Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR, Roles.PASSWORD_CHANGE_PENDING})
    @BodyLimit(MAX_BODY)
    public MutableHttpResponse<SessionResponse> changePassword(@Body @Valid AccountRequests.PasswordChange change, Authentication authentication,
            HttpRequest<?> request) {
        Accounts.SignIn result = accounts.changePassword(SessionAuthenticationFetcher.live(authentication),
                change.currentPassword(), change.newPassword(), RequestGuards.clientAddress(request));
        return withDevice(withSession(result.session(), result.account()), result.deviceToken());
    }

    @Post("/me/second-factor")
    @Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR, Roles.SECOND_FACTOR_SETUP_PENDING})
    public Accounts.SecondFactorEnrolment beginSecondFactor(Authentication authentication, HttpRequest<?> request) {
        return accounts.beginSecondFactor(SessionAuthenticationFetcher.live(authentication), RequestGuards.clientAddress(request));
    }

    /** The recovery codes (shown once); during sign-in also the next stage and its CSRF token. */
    public record SecondFactorConfirmation(List<String> recoveryCodes, SessionStage stage, String csrfToken) {
    }

    @Post("/me/second-factor/confirm")
    @Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR, Roles.SECOND_FACTOR_SETUP_PENDING})
    @BodyLimit(MAX_BODY)
    public MutableHttpResponse<SecondFactorConfirmation> confirmSecondFactor(@Body @Valid AccountRequests.Code code,
            Authentication authentication, HttpRequest<?> request) {
        Accounts.SecondFactorConfirmed confirmed = accounts.confirmSecondFactor(SessionAuthenticationFetcher.live(authentication),
                code.code(), RequestGuards.clientAddress(request));
        Sessions.Issued next = confirmed.session();
        if (next == null) {
            return HttpResponse.ok(new SecondFactorConfirmation(confirmed.recoveryCodes(), null, null));
        }
        return HttpResponse.ok(new SecondFactorConfirmation(confirmed.recoveryCodes(), next.stage(), next.csrfToken()))
                .cookie(sessionCookie(next.cookieValue()));
    }

    @Post("/me/second-factor/disable")
    @Secured({Roles.ADMIN, Roles.REVIEWER, Roles.AUDITOR})
    @BodyLimit(MAX_BODY)
    public AccountView disableSecondFactor(@Body @Valid AccountRequests.DisableSecondFactor disable, Authentication authentication, HttpRequest<?> request) {
        return accounts.disableSecondFactor(SessionAuthenticationFetcher.live(authentication), disable.password(),
                disable.code(), RequestGuards.clientAddress(request));
    }

    private MutableHttpResponse<SessionResponse> withSession(Sessions.Issued session, AccountView account) {
        return HttpResponse.ok(new SessionResponse(session.stage(), session.csrfToken(), session.expiresAt(), account))
                .cookie(sessionCookie(session.cookieValue()));
    }

    /** The browser's mamori_device token, if it sent one. */
    public static String deviceToken(HttpRequest<?> request) {
        return request.getCookies().findCookie(Accounts.DEVICE_COOKIE).map(Cookie::getValue).orElse(null);
    }

    private <T> MutableHttpResponse<T> withDevice(MutableHttpResponse<T> response, String deviceToken) {
        return deviceToken == null ? response : response.cookie(deviceCookie(deviceToken, settings.isTls()));
    }

    /** The cookie that marks this browser as one the person signed in from (docs/console.md, "Signing in"). */
    public static Cookie deviceCookie(String token, boolean secure) {
        return Cookie.of(Accounts.DEVICE_COOKIE, token).httpOnly(true).secure(secure).sameSite(SameSite.Strict).path("/")
                .maxAge(Accounts.DEVICE_COOKIE_LIFETIME);
    }

    private Cookie sessionCookie(String value) {
        return Cookie.of(Sessions.COOKIE, value).httpOnly(true).secure(settings.isTls()).sameSite(SameSite.Strict).path("/");
    }
}
