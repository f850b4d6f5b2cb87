package io.mamori.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mamori.console.testing.ApiClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/** Changes to the console's default policy, published the way an administrator does (a new version). */
public final class DefaultPolicy {

    private DefaultPolicy() {
    }

    /** Publishes the default policy as {@code change} leaves it. */
    public static void publish(ApiClient admin, Consumer<ObjectNode> change) {
        JsonNode current = admin.get("/api/admin/policies/default").json();
        ObjectNode policy = (ObjectNode) current.get("policy").deepCopy();
        change.accept(policy);
        ApiClient.Response published = admin.put("/api/admin/policies/default",
                Map.of("baseVersion", current.path("info").path("version").asLong(), "comment", "test", "policy", policy));
        assertThat(published.status()).as(new String(published.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    }

    /** The rule with this id, to change in place. */
    public static ObjectNode rule(ObjectNode policy, String id) {
        for (JsonNode rule : (ArrayNode) policy.get("rules")) {
            if (id.equals(rule.path("id").asText())) {
                return (ObjectNode) rule;
            }
        }
        throw new AssertionError("the default policy has no rule " + id);
    }
}
