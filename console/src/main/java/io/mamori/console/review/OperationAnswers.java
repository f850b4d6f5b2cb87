package io.mamori.console.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.storage.Database;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.json.ProtocolJson;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the employee answered for the copy operation a review item belongs to: the {@code response}
 * of the operation's USER_RESPONSE event (outcome, chosen reason, typed explanation), so a
 * reviewer sees the employee's side next to the blocked file. Blocked copies that were never
 * asked about have none.
 */
@Singleton
public class OperationAnswers {

    private final Database database;

    public OperationAnswers(Database database) {
        this.database = database;
    }

    /** The answers of the items' operations, by the item's event id; items without one are absent. */
    public Map<String, JsonNode> of(Collection<ReviewQueue.ReviewItem> items) {
        Map<String, List<String>> itemsByOperation = new HashMap<>();
        List<Object> parameters = new ArrayList<>();
        for (ReviewQueue.ReviewItem item : items) {
            String operation = item.event().path("operationId").asText(null);
            if (operation != null) {
                String key = item.agentId() + "/" + operation;
                if (!itemsByOperation.containsKey(key)) {
                    parameters.add(item.agentId());
                    parameters.add(operation);
                }
                itemsByOperation.computeIfAbsent(key, k -> new ArrayList<>()).add(item.eventId());
            }
        }
        if (itemsByOperation.isEmpty()) {
            return Map.of();
        }
        String pairs = String.join(" OR ", Collections.nCopies(parameters.size() / 2, "(agent_id = ? AND operation_id = ?)"));
        return database.read(connection -> {
            Map<String, JsonNode> answers = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT agent_id, operation_id, document FROM event"
                    + " WHERE kind = ? AND (" + pairs + ") ORDER BY occurred_at")) {
                select.setString(1, EventKind.USER_RESPONSE.name());
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 2, parameters.get(i));
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        JsonNode response = ProtocolJson.readTree(row.getString("document").getBytes(StandardCharsets.UTF_8))
                                .path("response");
                        for (String eventId : itemsByOperation.getOrDefault(
                                row.getString("agent_id") + "/" + row.getString("operation_id"), List.of())) {
                            answers.put(eventId, response); // the latest answer wins
                        }
                    }
                }
            }
            return answers;
        });
    }
}
