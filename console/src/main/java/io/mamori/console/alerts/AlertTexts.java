package io.mamori.console.alerts;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The words of an alert, in Japanese and in English (every alert carries both): its title and a
 * sentence with the facts the rule found, times in the console's time zone. Host, user and detail
 * come from agents: control characters are replaced, so they cannot shape a mail header or a log.
 */
final class AlertTexts {

    /** An alert's words in both languages. */
    record Text(String titleJa, String titleEn, String bodyJa, String bodyEn) {
    }

    private AlertTexts() {
    }

    static Text of(AlertKind kind, String host, String user, Map<String, Object> facts, ZoneId zone) {
        ResourceBundle english = bundle(Locale.ROOT);
        ResourceBundle japanese = bundle(Locale.JAPANESE);
        return new Text(japanese.getString(kind.name() + ".title"), english.getString(kind.name() + ".title"),
                fill(japanese.getString(kind.name() + ".text"), japanese, host, user, facts, zone),
                fill(english.getString(kind.name() + ".text"), english, host, user, facts, zone));
    }

    static String footer(Locale locale) {
        return bundle(locale).getString("footer");
    }

    /** Text from an agent made safe for one line: control characters become spaces, and it is cut at 500 characters. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.length() > 500 ? oneLine.substring(0, 500) + "…" : oneLine;
    }

    private static String fill(String template, ResourceBundle bundle, String host, String user, Map<String, Object> facts,
            ZoneId zone) {
        String text = template.replace("{host}", clean(host)).replace("{user}",
                user == null || user.isBlank() ? bundle.getString("unknown.user") : clean(user));
        for (Map.Entry<String, Object> fact : facts.entrySet()) {
            text = text.replace("{" + fact.getKey() + "}", value(fact.getKey(), fact.getValue(), zone));
        }
        Object bytes = facts.get("bytes");
        if (bytes instanceof Number number) {
            text = text.replace("{megabytes}", String.format(Locale.ROOT, "%.1f", number.longValue() / 1048576.0));
        }
        return text;
    }

    private static String value(String key, Object value, ZoneId zone) {
        String text = String.valueOf(value);
        if (key.equals("from") || key.equals("to") || key.equals("lastSeenAt")) {
            try {
                return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT).withZone(zone).format(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return clean(text);
            }
        }
        return clean(text);
    }

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("io.mamori.console.alerts.alerts", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
