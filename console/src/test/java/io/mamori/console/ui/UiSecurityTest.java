package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.protocol.api.EventBatch;
import io.mamori.protocol.event.Actor;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.FileRef;
import io.mamori.protocol.policy.Action;
import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoAlertPresentException;

/** The web UI's defences over plain HTTP (and one browser): CSRF on every form, roles, escaping, headers. */
class UiSecurityTest {

    private final ConsoleFixture console = Db.SQLITE.console();

    /** Every form handler of the UI, found from the router so a new one cannot be missed. */
    private List<String> formRoutes() {
        List<String> paths = new ArrayList<>();
        for (UriRouteInfo<?, ?> route : console.bean(Router.class).uriRoutes().toList()) {
            String template = route.getUriMatchTemplate().toString();
            if (route.getHttpMethod() == HttpMethod.POST && template.startsWith("/ui")) {
                paths.add(template.replaceAll("\\{[^}]*}", "no-such-id"));
            }
        }
        return paths;
    }

    @Test
    void everyFormOfASignedInSessionNeedsTheSessionsToken() {
        List<String> routes = formRoutes();
        assertThat(routes).contains("/ui/sign-out", "/ui/fleet/no-such-id/refresh-patch-status");
        ConsoleFixture.Person admin = console.person("ADMIN");
        ConsoleFixture.Person other = console.person("ADMIN");
        for (String route : routes) {
            if (route.equals("/ui/sign-in")) {
                continue; // before signing in there is no session, so no token
            }
            ApiClient.Response without = admin.client().postForm(route, List.of(Map.entry("comment", "x")));
            assertThat(without.status()).as("POST %s without _csrf", route).isEqualTo(403);
            ApiClient.Response foreign = admin.client().postForm(route, List.of(Map.entry("_csrf", other.client().csrf())));
            assertThat(foreign.status()).as("POST %s with another session's token", route).isEqualTo(403);
        }
        // the token opens the door: signing out works with it and the session is gone after
        assertThat(admin.client().postForm("/ui/sign-out", List.of(Map.entry("_csrf", admin.client().csrf()))).status())
                .isEqualTo(303);
        assertThat(admin.client().get("/api/admin/me").status()).isEqualTo(401);
    }

    @Test
    void aFormFromAnotherSiteIsRefusedEvenWithTheToken() {
        ConsoleFixture.Person admin = console.person("ADMIN");
        ConsoleFixture.Agent agent = console.enroll();
        ApiClient forged = admin.client().header("Origin", "https://evil.example");
        assertThat(forged.postForm("/ui/fleet/" + agent.id() + "/refresh-patch-status",
                List.of(Map.entry("_csrf", admin.client().csrf()))).status()).isEqualTo(403);
        ApiClient nullOrigin = console.signIn(admin.username(), admin.password()).header("Origin", "null");
        assertThat(nullOrigin.postForm("/ui/sign-out", List.of(Map.entry("_csrf", nullOrigin.csrf() == null ? "" : nullOrigin.csrf())))
                .status()).isEqualTo(403);
    }

    @Test
    void rolesDecideWhatOpens() {
        ConsoleFixture.Agent agent = console.enroll();
        ApiClient anonymous = console.client();
        ApiClient.Response page = anonymous.get("/ui/events");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("location").orElse("")).contains("/ui/sign-in");

        ConsoleFixture.Person reviewer = console.person("REVIEWER");
        ApiClient.Response policy = reviewer.client().get("/ui/policy", Map.of("Accept-Language", "ja"));
        assertThat(policy.status()).isEqualTo(403);
        assertThat(policy.text()).contains("この操作の権限がありません");
        assertThat(reviewer.client().get("/ui/dashboard").text()).doesNotContain("href=\"/ui/policy\"");

        ConsoleFixture.Person auditor = console.person("AUDITOR");
        assertThat(auditor.client().get("/ui/fleet/" + agent.id()).text()).doesNotContain("refresh-patch-status");
        assertThat(auditor.client().postForm("/ui/fleet/" + agent.id() + "/refresh-patch-status",
                List.of(Map.entry("_csrf", auditor.client().csrf()))).status()).isEqualTo(403);
        assertThat(console.admin().client().get("/api/admin/agents/" + agent.id() + "/commands").text())
                .doesNotContain("REFRESH_PATCH_STATUS");
    }

    @Test
    void storedTextIsShownAsTextNeverAsMarkup() {
        ConsoleFixture.Agent agent = console.enroll();
        Event plain = SyntheticEvents.fileWritten(agent.id(), Action.BLOCK);
        String name = "<script>alert(1)</script>.xlsx";
        Event hostile = new Event(plain.eventId(), plain.agentId(), plain.occurredAt(), plain.kind(), plain.host(),
                new Actor("<img src=x onerror=alert(2)>", 1000L, 1L, "/usr/bin/cp"), plain.device(),
                new FileRef("/media/u/USB/" + name, name, 10L, plain.file().sha256()), plain.classification(), plain.decision(),
                plain.operationId(), null, null);
        assertThat(agent.client().post("/api/v1/agents/" + agent.id() + "/events", new EventBatch(List.of(hostile))).status())
                .isEqualTo(200);
        ApiClient admin = console.admin().client();
        for (String path : List.of("/ui/events", "/ui/events/" + hostile.eventId(), "/ui/fleet/" + agent.id(), "/ui/dashboard")) {
            String html = admin.get(path).text();
            assertThat(html).as(path).doesNotContain("<script>alert(1)", "<img src=x");
            if (!path.equals("/ui/dashboard")) {
                assertThat(html).as(path).contains("&lt;script&gt;alert(1)&lt;/script&gt;.xlsx");
            }
        }
        try (UiBrowser browser = UiBrowser.open(console, "en")) {
            browser.useSession(admin).go("/ui/events/" + hostile.eventId()).waitForLoad();
            assertThat(browser.text("#event-facts")).contains(name, "<img src=x onerror=alert(2)>");
            assertThat(browser.all("script:not([src])")).isEmpty();
            try {
                browser.driver().switchTo().alert();
                throw new AssertionError("a stored file name ran as a script");
            } catch (NoAlertPresentException expected) {
                // nothing ran
            }
        }
    }

    @Test
    void pagesAreNotCachedAndCarryTheContentSecurityPolicy() {
        ApiClient.Response page = console.admin().client().get("/ui/events");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("cache-control").orElse("")).contains("no-store");
        assertThat(page.header("content-security-policy").orElse("")).contains("script-src 'self'", "form-action 'self'");
        assertThat(page.header("content-type").orElse("")).contains("text/html");
        ApiClient.Response style = console.client().get("/ui/static/mamori.css");
        assertThat(style.status()).isEqualTo(200);
    }

    @Test
    void theLanguageFollowsTheBrowserUntilThePersonChoosesOne() {
        ApiClient anonymous = console.client();
        assertThat(anonymous.get("/ui/sign-in", Map.of("Accept-Language", "ja-JP,ja;q=0.9")).text()).contains("Mamori にサインイン");
        assertThat(anonymous.get("/ui/sign-in", Map.of("Accept-Language", "en-US")).text()).contains("Sign in to Mamori");
        assertThat(anonymous.get("/ui/sign-in", Map.of("Accept-Language", "fr-FR")).text()).contains("Sign in to Mamori");
        ApiClient.Response chosen = anonymous.get("/ui/language/en?back=/ui/events");
        assertThat(chosen.status()).isEqualTo(303);
        assertThat(chosen.header("location").orElse("")).contains("/ui/events");
        assertThat(chosen.header("set-cookie").orElse("")).contains("mamori_lang=en");
        assertThat(anonymous.get("/ui/sign-in", Map.of("Accept-Language", "ja", "Cookie", "mamori_lang=en")).text())
                .contains("Sign in to Mamori");
        assertThat(anonymous.get("/ui/language/ja?back=https://evil.example/").header("location").orElse("")).contains("/ui")
                .doesNotContain("evil");
        assertThat(anonymous.get("/ui/language/ja?back=//evil.example/ui").header("location").orElse("")).doesNotContain("evil");
    }
}
