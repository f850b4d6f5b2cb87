package io.mamori.console.alerts;

import io.mamori.console.accounts.AdminPrincipal;
import io.mamori.console.audit.AuditTrail;
import io.mamori.console.keys.SecretBox;
import io.mamori.console.keys.Secrets;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.console.web.ApiException;
import io.mamori.protocol.json.ProtocolJson;
import jakarta.inject.Singleton;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alert rules: kept in {@code alert_rule}, changed by administrators (every change in the audit
 * trail), read by {@link AlertEvaluator} and {@link AlertDeliveries}. A webhook's signing secret is
 * made here (256 random bits), shown once in the answer that created it, and kept sealed.
 */
@Singleton
public class AlertRules {

    /** A rule just made or changed, and the webhook secret when one was made now (shown this once). */
    public record Saved(AlertRule rule, String webhookSecret) {
        @Override
        public String toString() {
            return "Saved[" + rule.id() + "]";
        }
    }

    /** What the delivery of one rule's alerts needs: its webhook secret, opened. */
    record Delivery(String webhookSecret) {
        @Override
        public String toString() {
            return "Delivery[secret hidden]";
        }
    }

    private static final int DEFAULT_MAX_PER_HOUR = 20;

    private final Database database;
    private final AuditTrail audit;
    private final SecretBox box;
    private final AlertSettings settings;
    private final Clock clock;

    public AlertRules(Database database, AuditTrail audit, SecretBox box, AlertSettings settings, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.box = box;
        this.settings = settings;
        this.clock = clock;
    }

    public List<AlertRule> list() {
        return database.read(connection -> select(connection, null));
    }

    public AlertRule get(String id) {
        return database.read(connection -> select(connection, id)).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("alert rule " + id));
    }

    List<AlertRule> enabled() {
        return list().stream().filter(AlertRule::enabled).toList();
    }

    /** The secret a delivery signs with; empty when the rule is gone or has no webhook. */
    Optional<Delivery> delivery(String ruleId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT webhook_secret FROM alert_rule WHERE id = ?")) {
                select.setString(1, ruleId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() && row.getString(1) != null ? Optional.of(new Delivery(box.open(row.getString(1))))
                            : Optional.<Delivery>empty();
                }
            }
        });
    }

    public Saved create(AdminPrincipal admin, AlertRuleRequest request) {
        checkMeaning(request);
        String secret = request.webhookUrl() == null ? null : Secrets.newToken();
        return database.write(connection -> {
            if (!select(connection, request.id()).isEmpty()) {
                throw ApiException.conflict("an alert rule with id " + request.id() + " exists; change it with PUT");
            }
            checkGroups(connection, request);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alert_rule (id, kind, enabled, settings,"
                    + " emails, webhook_url, webhook_secret, max_per_hour, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, request.id());
                bind(insert, 2, request, admin);
                Rows.setText(insert, 6, request.webhookUrl());
                Rows.setText(insert, 7, secret == null ? null : box.seal(secret));
                insert.setInt(8, maxPerHour(request));
                insert.setString(9, admin.username());
                Rows.setInstant(insert, 10, clock.instant());
                insert.executeUpdate();
            }
            audit.record(connection, admin, "alert-rule.create", "alert-rule", request.id(), summary(request));
            return new Saved(select(connection, request.id()).get(0), secret);
        });
    }

    /** Changes a rule; its webhook secret stays unless the rule had none and now has a webhook (made and shown then). */
    public Saved update(AdminPrincipal admin, String id, AlertRuleRequest request) {
        if (!id.equals(request.id())) {
            throw ApiException.badRequest("id", "must be the id in the path (" + id + "); a rule is not renamed");
        }
        checkMeaning(request);
        return database.write(connection -> {
            AlertRule before = select(connection, id).stream().findFirst().orElseThrow(() -> ApiException.notFound("alert rule " + id));
            checkGroups(connection, request);
            String secret = request.webhookUrl() != null && !before.webhookSecretSet() ? Secrets.newToken() : null;
            try (PreparedStatement update = connection.prepareStatement("UPDATE alert_rule SET kind = ?, enabled = ?, settings = ?,"
                    + " emails = ?, webhook_url = ?, max_per_hour = ?, updated_by = ?, updated_at = ?"
                    + (secret != null ? ", webhook_secret = ?" : request.webhookUrl() == null ? ", webhook_secret = NULL" : "")
                    + " WHERE id = ?")) {
                bind(update, 1, request, admin);
                Rows.setText(update, 5, request.webhookUrl());
                update.setInt(6, maxPerHour(request));
                update.setString(7, admin.username());
                Rows.setInstant(update, 8, clock.instant());
                int next = 9;
                if (secret != null) {
                    update.setString(next++, box.seal(secret));
                }
                update.setString(next, id);
                update.executeUpdate();
            }
            audit.record(connection, admin, "alert-rule.update", "alert-rule", id, summary(request));
            return new Saved(select(connection, id).get(0), secret);
        });
    }

    public void delete(AdminPrincipal admin, String id) {
        database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM alert_rule WHERE id = ?")) {
                delete.setString(1, id);
                if (delete.executeUpdate() == 0) {
                    throw ApiException.notFound("alert rule " + id);
                }
            }
            audit.record(connection, admin, "alert-rule.delete", "alert-rule", id, Map.of());
            return null;
        });
    }

    /** What Bean Validation cannot see: what each kind needs, a channel, a webhook address, mail set up. */
    private void checkMeaning(AlertRuleRequest request) {
        switch (request.kind()) {
            case BULK_COPY -> {
                required(request.minutes(), "minutes", "the window a bulk copy is counted in");
                if (request.files() == null && request.megabytes() == null) {
                    throw ApiException.badRequest("files", "BULK_COPY needs files or megabytes (or both)");
                }
            }
            case REPEATED_OVERRIDES -> {
                required(request.minutes(), "minutes", "the window overrides are counted in");
                required(request.count(), "count", "how many continued held copies make an alert");
            }
            case AGENT_SILENT -> required(request.minutes(), "minutes", "how long an agent may be silent");
            default -> {
                // COPY (minutes optional: one alert per person per hour by default) and LOG_INTEGRITY need nothing
            }
        }
        List<String> emails = request.emails() == null ? List.of() : request.emails();
        if (emails.isEmpty() && request.webhookUrl() == null) {
            throw ApiException.badRequest("emails", "a rule needs e-mail recipients, a webhookUrl, or both");
        }
        if (!emails.isEmpty() && !settings.mailConfigured()) {
            throw ApiException.badRequest("emails", "e-mail needs the console's SMTP server: set mamori.console.alerts.smtp-host"
                    + " and smtp-from (docs/console.md)");
        }
        if (request.webhookUrl() != null) {
            checkWebhook(request.webhookUrl());
        }
    }

    private void checkWebhook(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw ApiException.badRequest("webhookUrl", "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && settings.isAllowHttpWebhooks())) {
            throw ApiException.badRequest("webhookUrl", settings.isAllowHttpWebhooks() ? "must be an http or https URL"
                    : "must be an https URL (alerts name people and machines)");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw ApiException.badRequest("webhookUrl", "must name a host, with no user name or fragment");
        }
    }

    private static void required(Integer value, String field, String what) {
        if (value == null) {
            throw ApiException.badRequest(field, "is required: " + what);
        }
    }

    private static void checkGroups(Connection connection, AlertRuleRequest request) throws SQLException {
        for (String group : request.groups() == null ? List.<String>of() : request.groups()) {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM agent_group WHERE id = ?")) {
                select.setString(1, group);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw ApiException.badRequest("groups", "no group " + group);
                    }
                }
            }
        }
    }

    private static int maxPerHour(AlertRuleRequest request) {
        return request.maxPerHour() == null ? DEFAULT_MAX_PER_HOUR : request.maxPerHour();
    }

    /** kind, enabled, settings, emails from {@code index}. */
    private static void bind(PreparedStatement statement, int index, AlertRuleRequest request, AdminPrincipal admin)
            throws SQLException {
        statement.setString(index, request.kind().name());
        statement.setInt(index + 1, request.enabled() == null || request.enabled() ? 1 : 0);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("files", request.files());
        values.put("megabytes", request.megabytes());
        values.put("minutes", request.minutes());
        values.put("count", request.count());
        values.put("groups", request.groups() == null ? List.of() : request.groups());
        statement.setString(index + 2, ProtocolJson.write(values));
        statement.setString(index + 3, ProtocolJson.write(request.emails() == null ? List.of() : request.emails()));
    }

    private static Map<String, Object> summary(AlertRuleRequest request) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", request.kind().name());
        detail.put("recipients", request.emails() == null ? 0 : request.emails().size());
        detail.put("webhook", request.webhookUrl() != null);
        return detail;
    }

    private static List<AlertRule> select(Connection connection, String id) throws SQLException {
        List<AlertRule> rules = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, kind, enabled, settings, emails, webhook_url,"
                + " webhook_secret IS NOT NULL AS secret_set, max_per_hour, updated_by, updated_at FROM alert_rule"
                + (id == null ? "" : " WHERE id = ?") + " ORDER BY id")) {
            if (id != null) {
                select.setString(1, id);
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    com.fasterxml.jackson.databind.JsonNode values = ProtocolJson.readTree(
                            row.getString("settings").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    List<String> emails = new ArrayList<>();
                    ProtocolJson.readTree(row.getString("emails").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .forEach(e -> emails.add(e.asText()));
                    List<String> groups = new ArrayList<>();
                    values.path("groups").forEach(g -> groups.add(g.asText()));
                    rules.add(new AlertRule(row.getString("id"), AlertKind.valueOf(row.getString("kind")), row.getInt("enabled") == 1,
                            integer(values, "files"), integer(values, "megabytes"), integer(values, "minutes"),
                            integer(values, "count"), groups, emails, row.getString("webhook_url"), row.getBoolean("secret_set"),
                            row.getInt("max_per_hour"), row.getString("updated_by"), Rows.instant(row, "updated_at")));
                }
            }
        }
        return rules;
    }

    private static Integer integer(com.fasterxml.jackson.databind.JsonNode values, String field) {
        com.fasterxml.jackson.databind.JsonNode value = values.path(field);
        return value.isNumber() ? value.intValue() : null;
    }
}
