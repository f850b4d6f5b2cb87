package io.mamori.console.alerts;

import io.mamori.console.ConsoleSettings;
import io.mamori.console.audit.AuditTrail;
import io.mamori.console.storage.Database;
import io.mamori.console.storage.Rows;
import io.mamori.protocol.json.ProtocolJson;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the alerts' deliveries that are due (every {@code mamori.console.alerts.delivery-interval}):
 * e-mail through {@link MailSender}, webhooks through {@link WebhookSender}. Everything about a
 * delivery is in {@code alert_delivery}: a failure waits {@code first-retry}, doubling up to
 * {@code longest-retry}, and is tried again — after a console restart too — until it is sent or,
 * {@code give-up-after} after its alert, given up as FAILED (and recorded in the audit trail).
 */
@Singleton
public class AlertDeliveries {

    static final String EMAIL = "EMAIL";
    static final String WEBHOOK = "WEBHOOK";
    private static final Logger LOG = LoggerFactory.getLogger(AlertDeliveries.class);
    private static final int BATCH = 50;

    /** A delivery due now, with its alert. */
    private record Due(String alertId, String channel, String target, int attempts, String ruleId, AlertKind kind, String agentId,
            String host, String user, Instant raisedAt, Map<String, Object> facts) {
    }

    private final Database database;
    private final AlertRules rules;
    private final AuditTrail audit;
    private final AlertSettings settings;
    private final ConsoleSettings console;
    private final Clock clock;
    private final MailSender mail;
    private final WebhookSender webhooks = new WebhookSender();

    public AlertDeliveries(Database database, AlertRules rules, AuditTrail audit, AlertSettings settings, ConsoleSettings console,
            Clock clock) {
        this.database = database;
        this.rules = rules;
        this.audit = audit;
        this.settings = settings;
        this.console = console;
        this.clock = clock;
        this.mail = new MailSender(settings);
    }

    @Scheduled(fixedDelay = "${mamori.console.alerts.delivery-interval:2s}", initialDelay = "${mamori.console.alerts.delivery-interval:2s}")
    void scheduled() {
        if (!settings.isEnabled()) {
            return;
        }
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.error("alert deliveries could not run: {}", e.getMessage(), e);
        }
    }

    /** Sends what is due; how many were delivered. */
    public int deliverDue() {
        int delivered = 0;
        for (Due due : due()) {
            try {
                send(due);
                finish(due, null);
                delivered++;
            } catch (IOException | RuntimeException e) {
                finish(due, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        return delivered;
    }

    private void send(Due due) throws IOException {
        AlertTexts.Text text = AlertTexts.of(due.kind(), due.host(), due.user(), due.facts(), console.getTimeZone());
        if (due.channel().equals(EMAIL)) {
            String subject = "[Mamori] " + text.titleJa() + " / " + text.titleEn() + " — " + AlertTexts.clean(due.host());
            String link = console.getPublicUrl() == null ? "" : "\n" + console.getPublicUrl().replaceAll("/+$", "")
                    + "/ui/events?agentId=" + due.agentId();
            String body = text.bodyJa() + "\n\n" + text.bodyEn() + "\n\n" + AlertTexts.footer(Locale.JAPANESE) + " / "
                    + AlertTexts.footer(Locale.ROOT) + link + "\n\nalert " + due.alertId() + " · rule " + due.ruleId() + "\n";
            mail.send(due.target(), subject, body);
        } else {
            Optional<AlertRules.Delivery> rule = rules.delivery(due.ruleId());
            if (rule.isEmpty()) {
                throw new IOException("the rule " + due.ruleId() + " is gone or has no webhook secret any more");
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("alertId", due.alertId());
            json.put("rule", due.ruleId());
            json.put("kind", due.kind().name());
            json.put("raisedAt", due.raisedAt().toString());
            json.put("agentId", due.agentId());
            json.put("host", due.host());
            json.put("user", due.user());
            json.put("facts", due.facts());
            json.put("title", Map.of("ja", text.titleJa(), "en", text.titleEn()));
            json.put("text", Map.of("ja", text.bodyJa(), "en", text.bodyEn()));
            webhooks.send(due.target(), rule.get().webhookSecret(), due.alertId(), ProtocolJson.write(json), clock.instant());
        }
    }

    private List<Due> due() {
        return database.read(connection -> {
            List<Due> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT d.alert_id, d.channel, d.target, d.attempts,"
                    + " a.rule_id, a.kind, a.agent_id, a.host, a.user_name, a.raised_at, a.facts FROM alert_delivery d"
                    + " JOIN alert a ON a.id = d.alert_id WHERE d.state = 'PENDING' AND d.next_attempt_at <= ?"
                    + " ORDER BY d.next_attempt_at LIMIT ?")) {
                Rows.setInstant(select, 1, clock.instant());
                select.setInt(2, BATCH);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        Map<String, Object> facts = Alerts.facts(row.getString("facts"));
                        due.add(new Due(row.getString("alert_id"), row.getString("channel"), row.getString("target"),
                                row.getInt("attempts"), row.getString("rule_id"), AlertKind.valueOf(row.getString("kind")),
                                row.getString("agent_id"), row.getString("host"), row.getString("user_name"),
                                Rows.instant(row, "raised_at"), facts));
                    }
                }
            }
            return due;
        });
    }

    /** Records the outcome: sent (error null), or failed and due again later, or given up. */
    private void finish(Due due, String error) {
        Instant now = clock.instant();
        int attempts = due.attempts() + 1;
        boolean giveUp = error != null && now.isAfter(due.raisedAt().plus(settings.getGiveUpAfter()));
        String state = error == null ? "SENT" : giveUp ? "FAILED" : "PENDING";
        Instant next = error == null || giveUp ? now : now.plus(wait(attempts));
        if (error != null) {
            LOG.warn("alert {} to {} {} (attempt {}): {}", due.alertId(), due.channel(), giveUp ? "given up" : "failed, tried again at "
                    + next, attempts, AlertTexts.clean(error));
        }
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE alert_delivery SET state = ?, attempts = ?,"
                    + " next_attempt_at = ?, last_error = ?, sent_at = ? WHERE alert_id = ? AND channel = ? AND target = ?")) {
                update.setString(1, state);
                update.setInt(2, attempts);
                Rows.setInstant(update, 3, next);
                Rows.setText(update, 4, error == null ? null : AlertTexts.clean(error));
                Rows.setInstant(update, 5, error == null ? now : null);
                update.setString(6, due.alertId());
                update.setString(7, due.channel());
                update.setString(8, due.target());
                update.executeUpdate();
            }
            if (giveUp) {
                audit.record(connection, Alerts.ACTOR, null, "alert.delivery-failed", "alert", due.alertId(),
                        Map.of("channel", due.channel(), "attempts", attempts, "error", AlertTexts.clean(error)));
            }
            return null;
        });
    }

    /** The wait after the n-th failure: first-retry doubled n-1 times, at most longest-retry. */
    private Duration wait(int failures) {
        Duration wait = settings.getFirstRetry();
        for (int i = 1; i < failures && wait.compareTo(settings.getLongestRetry()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.getLongestRetry()) > 0 ? settings.getLongestRetry() : wait;
    }
}
