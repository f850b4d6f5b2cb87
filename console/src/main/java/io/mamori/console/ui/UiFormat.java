package io.mamori.console.ui;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How values read on a page, in the page's language: times in the console's time zone, sizes,
 * numbers and the names of finding types, actions and event kinds ({@code fmt} in templates).
 */
public final class UiFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final UiTexts texts;
    private final Locale language;
    private final ZoneId zone;

    UiFormat(UiTexts texts, Locale language, ZoneId zone) {
        this.texts = texts;
        this.language = language;
        this.zone = zone;
    }

    public String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant.atZone(zone));
    }

    public String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant.atZone(zone));
    }

    public String zone() {
        return zone.getId();
    }

    public String number(Number value) {
        return value == null ? "—" : NumberFormat.getIntegerInstance(Locale.ROOT).format(value);
    }

    /** 1,234 bytes, 12.3 KB, 4.5 MB … (units read the same in both languages). */
    public String size(Number bytes) {
        if (bytes == null) {
            return "—";
        }
        double value = bytes.doubleValue();
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? number(bytes) + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** A finding type's name; a custom detector's own id ({@code CUSTOM:name}) reads as its name. */
    public String finding(String type) {
        if (type == null) {
            return "—";
        }
        if (type.startsWith("CUSTOM:")) {
            return type.substring("CUSTOM:".length());
        }
        return named("finding." + type, type);
    }

    public String action(String action) {
        return action == null ? "—" : named("action." + action, action);
    }

    public String kind(String kind) {
        return kind == null ? "—" : named("kind." + kind, kind);
    }

    public String text(String key) {
        return texts.text(key, language);
    }

    /** A text with its {0}, {1} … filled in (numbers formatted). */
    public String text(String key, java.util.List<?> values) {
        String text = texts.text(key, language);
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            text = text.replace("{" + i + "}", value instanceof Number n ? number(n) : String.valueOf(value));
        }
        return text;
    }

    /** A percentage with one decimal, or — when there is nothing to divide. */
    public String percent(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.1f %%", value);
    }

    private String named(String key, String otherwise) {
        return texts.getRawMessage(key, io.micronaut.context.MessageSource.MessageContext.of(language)).orElse(otherwise);
    }
}
