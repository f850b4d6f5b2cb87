package io.mamori.agent.notify;

import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.LocalizedText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The words of a notice in the employee's language: the built-in texts of {@code notices.properties}
 * (Japanese and English), or the policy's replacement for the same key. Placeholders {@code {device}},
 * {@code {files}} and {@code {findings}} are filled in; findings are named by type with their counts,
 * never with a value.
 */
public final class NoticeTexts {

    private final Map<String, LocalizedText> overrides;

    /** @param overrides the policy's {@code notifications}, by message key (may be empty) */
    public NoticeTexts(Map<String, LocalizedText> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /** The text of the notice for a person whose language is {@code locale}. */
    public String text(Notice notice, Locale locale) {
        ResourceBundle bundle = bundle(locale);
        LocalizedText replaced = overrides.get(notice.key());
        String template = replaced != null ? replaced.in(locale) : bundle.getString(notice.key());
        String device;
        String files = "";
        String findings = "";
        if (notice instanceof Notice.DeviceMounted mounted) {
            device = deviceName(mounted.device());
        } else {
            Notice.Copy copy = (Notice.Copy) notice;
            device = deviceName(copy.device());
            files = Integer.toString(copy.files());
            findings = findings(copy.findings(), bundle);
        }
        return template.replace("{device}", device).replace("{files}", files).replace("{findings}", findings);
    }

    /** The title notices are shown under. */
    public String title(Locale locale) {
        return bundle(locale).getString("title");
    }

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("io.mamori.agent.notify.notices",
                "ja".equals(locale.getLanguage()) ? Locale.JAPANESE : Locale.ROOT);
    }

    private static String deviceName(DeviceIdentity device) {
        String name = String.join(" ", nonBlank(device.vendorName(), device.productName()));
        if (name.isBlank()) {
            name = device.label() != null ? device.label() : device.shortName();
        }
        return device.serial() == null ? name : name + " (" + device.serial() + ")";
    }

    private static List<String> nonBlank(String... parts) {
        List<String> kept = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                kept.add(part.strip());
            }
        }
        return kept;
    }

    private static String findings(Map<FindingType, Integer> counts, ResourceBundle bundle) {
        if (counts.isEmpty()) {
            return bundle.getString("findings.none");
        }
        List<String> parts = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<FindingType, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(e -> e.getKey().id()))
                .forEach(e -> parts.add(bundle.getString("finding.count").replace("{type}", typeName(e.getKey(), bundle))
                        .replace("{count}", Integer.toString(e.getValue()))));
        return String.join(bundle.getString("findings.separator"), parts);
    }

    private static String typeName(FindingType type, ResourceBundle bundle) {
        String id = type.id();
        if (id.startsWith("CUSTOM:")) {
            return bundle.getString("finding.custom").replace("{name}", id.substring("CUSTOM:".length()));
        }
        try {
            return bundle.getString("finding." + id);
        } catch (MissingResourceException e) {
            return id; // a type a newer classifier knows: its id is still better than nothing
        }
    }
}
