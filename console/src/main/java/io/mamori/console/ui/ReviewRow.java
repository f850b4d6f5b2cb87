package io.mamori.console.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.mamori.console.review.ReviewQueue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One blocked or held copy as the review pages show it: what the agent reported about it (who,
 * where, which device, which file, what was found — masked samples only — and which rule
 * decided), what the employee answered, and where the review stands. Read from the stored event
 * document; a part the agent did not report is null.
 */
public record ReviewRow(String eventId, String state, boolean open, Instant queuedAt, Instant occurredAt, String user,
        String host, String program, String deviceVendorId, String deviceProductId, String deviceSerial, String deviceName,
        Boolean deviceApproved, String exceptionId, String fileName, String filePath, Long fileSize, String sha256,
        List<Finding> findings, String action, List<String> rules, Long policyVersion, Answer answer, String decidedBy,
        Instant decidedAt, String comment) {

    /** The findings of one type at one confidence, with the masked samples the agent sent. */
    public record Finding(String type, String confidence, int count, List<String> samples) {
    }

    /** The employee's answer to the held copy: outcome, the reason chosen and the words typed. */
    public record Answer(String outcome, String reasonId, String reasonText, Instant answeredAt) {
    }

    /** {@code answer} is the {@code response} of the operation's USER_RESPONSE event, or null. */
    public static ReviewRow of(ReviewQueue.ReviewItem item, JsonNode answer) {
        JsonNode event = item.event();
        JsonNode device = event.path("device");
        JsonNode file = event.path("file");
        JsonNode decision = event.path("decision");
        List<Finding> findings = new ArrayList<>();
        for (JsonNode finding : event.path("classification").path("findings")) {
            List<String> samples = new ArrayList<>();
            finding.path("samples").forEach(sample -> samples.add(sample.asText()));
            findings.add(new Finding(finding.path("type").asText(), text(finding, "confidence"), finding.path("count").asInt(),
                    samples));
        }
        List<String> rules = new ArrayList<>();
        decision.path("matchedRuleIds").forEach(rule -> rules.add(rule.asText()));
        String path = text(file, "path");
        String name = (text(device, "vendorName") == null ? "" : text(device, "vendorName")) + " "
                + (text(device, "productName") == null ? "" : text(device, "productName"));
        return new ReviewRow(item.eventId(), item.state().name(), ReviewQueue.OPEN.contains(item.state()), item.createdAt(),
                instant(event, "occurredAt"), text(event.path("actor"), "user"), text(event, "host"),
                text(event.path("actor"), "program"), text(device, "vendorId"), text(device, "productId"),
                text(device, "serial"), name.isBlank() ? null : name.strip(),
                decision.has("deviceApproved") ? decision.get("deviceApproved").asBoolean() : null,
                text(decision, "exceptionId"), fileName(text(file, "volumePath"), path), path,
                file.has("size") ? file.get("size").asLong() : null, text(file, "sha256"), findings,
                text(decision, "action"), rules, decision.has("policyVersion") ? decision.get("policyVersion").asLong() : null,
                answer == null || answer.isMissingNode() ? null : new Answer(text(answer, "outcome"), text(answer, "reasonId"),
                        text(answer, "reasonText"), instant(answer, "answeredAt")),
                item.decidedBy(), item.decidedAt(), item.comment());
    }

    /** {@code vendor:product serial}, {@code ?} for an unknown id, as the allow-list names a device. */
    public String deviceIds() {
        return (deviceVendorId == null ? "?" : deviceVendorId) + ":" + (deviceProductId == null ? "?" : deviceProductId)
                + (deviceSerial == null ? "" : " " + deviceSerial);
    }

    /**
     * The name a reviewer recognises: the path on the device (relative to its root) when the
     * agent sent it, else the last part of the path the user saw.
     */
    static String fileName(String volumePath, String path) {
        if (volumePath != null && !volumePath.isBlank()) {
            return volumePath;
        }
        if (path == null) {
            return null;
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null; // shown as "—": the stored document was accepted, so this only happens with a changed format
        }
    }
}
