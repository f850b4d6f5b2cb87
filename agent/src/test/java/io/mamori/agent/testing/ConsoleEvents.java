package io.mamori.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;

/** What the console holds of one agent's events, every page of the admin API's search. */
public final class ConsoleEvents {

    private ConsoleEvents() {
    }

    public static List<JsonNode> of(ApiClient admin, String agentId) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            ApiClient.Response page = admin.get("/api/admin/events?agentId=" + agentId + "&limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(all::add);
            cursor = page.json().hasNonNull("nextCursor") ? page.json().get("nextCursor").asText() : null;
        } while (cursor != null);
        return all;
    }

    /** The agent's events of one kind ({@code FILE_WRITTEN}, {@code USER_RESPONSE} …). */
    public static List<JsonNode> of(ApiClient admin, String agentId, String kind) {
        return of(admin, agentId).stream().filter(e -> kind.equals(e.get("kind").asText())).toList();
    }
}
