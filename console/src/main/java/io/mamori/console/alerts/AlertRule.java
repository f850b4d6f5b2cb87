package io.mamori.console.alerts;

import java.time.Instant;
import java.util.List;

/**
 * An alert rule as stored (the webhook's secret stays sealed in the database and is never shown again).
 *
 * @param files      BULK_COPY: files within {@code minutes}
 * @param megabytes  BULK_COPY: MB within {@code minutes}
 * @param minutes    the window (BULK_COPY, REPEATED_OVERRIDES), one alert per person per (COPY), the silence (AGENT_SILENT)
 * @param count      REPEATED_OVERRIDES: continued held copies within {@code minutes}
 * @param groups     only agents of these groups; empty: every agent
 * @param emails     recipients of the e-mail
 * @param webhookUrl where the signed JSON is posted; null: no webhook
 * @param maxPerHour alerts delivered per hour at most; more are kept as SUPPRESSED and not sent
 */
public record AlertRule(String id, AlertKind kind, boolean enabled, Integer files, Integer megabytes, Integer minutes,
        Integer count, List<String> groups, List<String> emails, String webhookUrl, boolean webhookSecretSet, int maxPerHour,
        String updatedBy, Instant updatedAt) {

    public AlertRule {
        groups = List.copyOf(groups);
        emails = List.copyOf(emails);
    }
}
