package io.mamori.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.review.ReviewQueue;
import io.mamori.console.testing.SyntheticEvents;
import io.mamori.protocol.json.ProtocolJson;
import io.mamori.protocol.policy.Action;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a stored event reads as a row of the review pages. */
class ReviewRowTest {

    private static final String AGENT = UUID.randomUUID().toString();

    private static ReviewQueue.ReviewItem item(ReviewQueue.State state) {
        JsonNode event = ProtocolJson.readTree(ProtocolJson.writeBytes(SyntheticEvents.fileWritten(AGENT, Action.BLOCK)));
        return new ReviewQueue.ReviewItem(event.get("eventId").asText(), AGENT, Instant.now(), state, null, null, null, null, event);
    }

    @Test
    void aBlockedCopyReadsWithItsDeviceFindingsSamplesAndRule() {
        ReviewRow row = ReviewRow.of(item(ReviewQueue.State.PENDING), null);

        assertThat(row.open()).isTrue();
        assertThat(row.deviceIds()).matches("0781:5583 SN10\\d\\d");
        assertThat(row.deviceName()).isEqualTo("Example Corp Flash Drive");
        assertThat(row.deviceApproved()).isFalse();
        assertThat(row.fileName()).startsWith("顧客名簿-").endsWith(".xlsx");
        assertThat(row.findings()).extracting(ReviewRow.Finding::type).containsExactly("JP_MY_NUMBER", "JP_PERSON_NAME");
        assertThat(row.findings().get(0).samples()).containsExactly("1234-****-**18");
        assertThat(row.rules()).containsExactly("block-personal-high");
        assertThat(row.action()).isEqualTo("BLOCK");
        assertThat(row.answer()).isNull();
    }

    @Test
    void aDecidedCopyIsNotOpenButAFailedOneIs() {
        assertThat(ReviewRow.of(item(ReviewQueue.State.RELEASE_REQUESTED), null).open()).isFalse();
        assertThat(ReviewRow.of(item(ReviewQueue.State.FAILED), null).open()).isTrue();
    }

    @Test
    void theEmployeesAnswerComesFromTheOperationsResponse() {
        JsonNode response = ProtocolJson.readTree("{\"outcome\":\"CANCELLED\",\"reasonText\":\"確認用\",\"answeredAt\":\"2026-04-01T00:00:00Z\",\"fileCount\":1}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        ReviewRow.Answer answer = ReviewRow.of(item(ReviewQueue.State.PENDING), response).answer();

        assertThat(answer.outcome()).isEqualTo("CANCELLED");
        assertThat(answer.reasonText()).isEqualTo("確認用");
        assertThat(answer.answeredAt()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void theFileNameIsThePathOnTheDeviceElseTheLastPartOfThePathTheUserSaw() {
        assertThat(ReviewRow.fileName("reports/a.csv", "/media/u/USB/reports/a.csv")).isEqualTo("reports/a.csv");
        assertThat(ReviewRow.fileName(null, "/media/u/USB/reports/a.csv")).isEqualTo("a.csv");
        assertThat(ReviewRow.fileName(null, "E:\\reports\\b.csv")).isEqualTo("b.csv");
    }
}
