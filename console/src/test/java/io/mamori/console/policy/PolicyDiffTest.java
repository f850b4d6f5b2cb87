package io.mamori.console.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.protocol.json.ProtocolJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDiffTest {

    private static JsonNode json(String text) {
        return ProtocolJson.readTree(text.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void rulesAreMatchedByIdSoAnInsertedRuleIsOneChange() {
        JsonNode before = json("{'version':1,'rules':[{'id':'a','action':'BLOCK'},{'id':'b','action':'AUDIT'}]}");
        JsonNode after = json("{'version':2,'rules':[{'id':'new','action':'WARN'},{'id':'a','action':'BLOCK'},{'id':'b','action':'AUDIT'}]}");

        List<PolicyDiff.Change> changes = PolicyDiff.between(before, after);

        assertThat(changes).extracting(PolicyDiff.Change::path).containsExactly("rules[id=new]");
        assertThat(changes.get(0).kind()).isEqualTo(PolicyDiff.Kind.ADDED);
    }

    @Test
    void reorderedRulesAreOneChangeListingTheOrders() {
        JsonNode before = json("{'rules':[{'id':'a'},{'id':'b'}]}");
        JsonNode after = json("{'rules':[{'id':'b'},{'id':'a'}]}");

        List<PolicyDiff.Change> changes = PolicyDiff.between(before, after);

        assertThat(changes).extracting(PolicyDiff.Change::path).containsExactly("rules (order)");
        assertThat(changes.get(0).after().toString()).isEqualTo("[\"b\",\"a\"]");
    }

    @Test
    void removedChangedAndNestedValuesAreReportedWithTheirPath() {
        JsonNode before = json("{'description':'x','rules':[{'id':'a','when':{'minPeople':5}},{'id':'b'}],'patch':{'maxRebootPendingDays':7}}");
        JsonNode after = json("{'rules':[{'id':'a','when':{'minPeople':10}}],'patch':{'maxRebootPendingDays':7}}");

        List<PolicyDiff.Change> changes = PolicyDiff.between(before, after);

        assertThat(changes).extracting(c -> c.path() + " " + c.kind())
                .containsExactly("description REMOVED", "rules[id=a].when.minPeople CHANGED", "rules[id=b] REMOVED");
    }

    @Test
    void versionAndIssueTimeAreNotChanges() {
        assertThat(PolicyDiff.between(json("{'version':1,'issuedAt':'a','name':'p'}"), json("{'version':9,'issuedAt':'b','name':'p'}")))
                .isEmpty();
    }
}
