package io.mamori.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.console.testing.ApiClient;
import io.mamori.console.testing.ConsoleFixture;
import io.mamori.console.testing.Db;
import io.micronaut.web.router.Router;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document the console serves describes exactly the routes it has. */
class OpenApiDocumentTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteIsDocumentedAndEveryDocumentedCallExists() {
        ConsoleFixture console = Db.SQLITE.console();
        ApiClient.Response served = console.client().get("/api/openapi.yaml");
        assertThat(served.status()).isEqualTo(200);
        Map<String, Object> document = new Yaml().load(served.text());
        Set<String> documented = new TreeSet<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(key -> Set.of("get", "put", "post", "delete", "patch").contains(key))
                .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));

        Set<String> routed = new TreeSet<>();
        console.bean(Router.class).uriRoutes()
                .map(route -> route.getHttpMethod() + " " + route.getUriMatchTemplate().toPathString())
                .filter(route -> route.contains(" /api/") && !route.startsWith("HEAD "))
                .forEach(routed::add);

        assertThat(routed).isNotEmpty();
        assertThat(documented).isEqualTo(routed);
    }
}
