package io.mamori.agent.notify;

import io.mamori.agent.desktop.Prompt;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.LocalizedText;
import io.mamori.protocol.policy.OverrideReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The words of a notice in the employee's language: the built-in texts of {@code notices.properties}
 * (Japanese and English), or the policy's replacement for the same key. Placeholders {@code {device}},
 * {@code {files}}, {@code {findings}} and {@code {until}} are filled in; findings are named by type with their counts,
 * never with a value.
 */
public final class NoticeTexts {

    /** When an exception ends, as the person's machine tells the time. */
    private static final java.time.format.DateTimeFormatter UNTIL = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault());

    /** A question names at most this many files (and says how many more there are). */
    static final int MAX_FILES_NAMED = 500;

    private final Map<String, LocalizedText> overrides;

    /** @param overrides the policy's {@code notifications}, by message key (may be empty) */
    public NoticeTexts(Map<String, LocalizedText> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /** The text of the notice for a person whose language is {@code locale} (the pre-copy count: everyone's). */
    public String text(Notice notice, Locale locale) {
        return text(notice, locale, null);
    }

    /**
     * The text of the notice for the person with user id {@code uid} (null: not one person), whose
     * language is {@code locale}. A mount notice tells them how many of their own files the policy
     * would stop on this device, when the indexer knows of any.
     */
    public String text(Notice notice, Locale locale, Long uid) {
        ResourceBundle bundle = bundle(locale);
        if (notice instanceof Notice.DeviceMounted mounted) {
            String text = fill(template(notice.key(), locale, bundle), mounted.device(), 0, Map.of(), bundle);
            int stopped = uid == null ? mounted.wouldStop().values().stream().mapToInt(Integer::intValue).sum()
                    : mounted.wouldStop().getOrDefault(uid, 0);
            if (stopped > 0) {
                text += separator(locale) + template("device.would-stop", locale, bundle).replace("{count}", Integer.toString(stopped));
            }
            return text;
        }
        if (notice instanceof Notice.DeviceChanged changed) {
            String text = fill(template(notice.key(), locale, bundle), changed.device(), 0, Map.of(), bundle);
            return changed.until() == null ? text : text.replace("{until}", UNTIL.format(changed.until()));
        }
        if (notice instanceof Notice.RequestAnswered answered) {
            String text = fill(template(notice.key(), locale, bundle), answered.device(), 0, Map.of(), bundle)
                    .replace("{until}", answered.until() == null ? "" : UNTIL.format(answered.until()));
            String comment = answered.comment() == null || answered.comment().isBlank() ? ""
                    : template("request.comment", locale, bundle).replace("{comment}", answered.comment().strip());
            return comment.isEmpty() ? text : text + separator(locale) + comment;
        }
        if (notice instanceof Notice.PatchBehind patch) {
            return template(notice.key(), locale, bundle).replace("{count}", Integer.toString(patch.securityUpdates()))
                    .replace("{days}", Long.toString(patch.daysBehind()));
        }
        Notice.Copy copy = (Notice.Copy) notice;
        return fill(template(notice.key(), locale, bundle), copy.device(), copy.files(), copy.findings(), bundle);
    }

    /**
     * The question of a held copy as the dialog shows it (names of {@link Prompt}), in the
     * person's language.
     *
     * @param secondsLeft time left to answer
     */
    public Map<String, String> question(HeldCopy held, Locale locale, long secondsLeft) {
        ResourceBundle bundle = bundle(locale);
        Map<String, String> question = new LinkedHashMap<>();
        question.put(Prompt.TITLE, template("dialog.title", locale, bundle));
        question.put(Prompt.HEADING, template("dialog.heading", locale, bundle));
        question.put(Prompt.MESSAGE, fill(template("dialog.message", locale, bundle), held.device(), held.files().size(),
                held.findings(), bundle));
        question.put(Prompt.FILES_LABEL, fill(template("dialog.files", locale, bundle), held.device(), held.files().size(),
                held.findings(), bundle));
        int shown = Math.min(held.files().size(), MAX_FILES_NAMED);
        for (int i = 0; i < shown; i++) {
            question.put(Prompt.FILE + i, held.files().get(i));
        }
        if (shown < held.files().size()) {
            question.put(Prompt.FILE + shown, "… (+" + (held.files().size() - shown) + ")");
        }
        question.put(Prompt.REASONS_LABEL, template("dialog.reasons", locale, bundle));
        putReasons(question, held.reasons(), locale);
        question.put(Prompt.EXPLANATION_LABEL, template("dialog.explanation", locale, bundle));
        question.put(Prompt.EXPLANATION_REQUIRED, template("dialog.explanation.required", locale, bundle));
        question.put(Prompt.CHOOSE_REASON, template("dialog.reason.missing", locale, bundle));
        question.put(Prompt.CONTINUE, template("dialog.continue", locale, bundle));
        question.put(Prompt.CANCEL, template("dialog.cancel", locale, bundle));
        question.put(Prompt.COUNTDOWN, template("dialog.countdown", locale, bundle));
        question.put(Prompt.SECONDS, Long.toString(Math.max(1, secondsLeft)));
        return question;
    }

    /** The offer to ask for the use of a device, as the dialog shows it (names of {@link Prompt}). */
    public Map<String, String> requestQuestion(RequestOffer offer, Locale locale, long secondsLeft) {
        ResourceBundle bundle = bundle(locale);
        Map<String, String> question = new LinkedHashMap<>();
        question.put(Prompt.TITLE, template("request.title", locale, bundle));
        question.put(Prompt.HEADING, template("request.heading", locale, bundle));
        question.put(Prompt.MESSAGE, fill(template(offer.action() == io.mamori.protocol.policy.Action.DENY ? "request.message.denied"
                : "request.message.read-only", locale, bundle), offer.device(), 0, Map.of(), bundle));
        question.put(Prompt.PERIOD_LABEL, template("request.period", locale, bundle));
        question.put(Prompt.PERIOD_VALUE, "8");
        question.put(Prompt.PERIOD_HOURS_UNIT, template("request.period.hours", locale, bundle));
        question.put(Prompt.PERIOD_DAYS_UNIT, template("request.period.days", locale, bundle));
        question.put(Prompt.REASONS_LABEL, template("request.reasons", locale, bundle));
        putReasons(question, offer.reasons(), locale);
        question.put(Prompt.EXPLANATION_LABEL, template("dialog.explanation", locale, bundle));
        question.put(Prompt.EXPLANATION_REQUIRED, template("request.explanation.required", locale, bundle));
        question.put(Prompt.CHOOSE_REASON, template("request.reason.missing", locale, bundle));
        question.put(Prompt.CONTINUE, template("request.send", locale, bundle));
        question.put(Prompt.CANCEL, template("request.close", locale, bundle));
        question.put(Prompt.COUNTDOWN, template("request.countdown", locale, bundle));
        question.put(Prompt.SECONDS, Long.toString(Math.max(1, secondsLeft)));
        return question;
    }

    /** The administrator's reasons, as the window lists them. */
    private static void putReasons(Map<String, String> question, List<OverrideReason> reasons, Locale locale) {
        for (int i = 0; i < reasons.size(); i++) {
            OverrideReason reason = reasons.get(i);
            question.put(Prompt.REASON + i + ".id", reason.id());
            question.put(Prompt.REASON + i + ".label", reason.label().in(locale));
            question.put(Prompt.REASON + i + ".text", Boolean.toString(reason.requiresText()));
        }
    }

    /** A text by its key in the person's language: the policy's, or the built-in one. */
    public String template(String key, Locale locale) {
        return template(key, locale, bundle(locale));
    }

    private String template(String key, Locale locale, ResourceBundle bundle) {
        LocalizedText replaced = overrides.get(key);
        return replaced != null ? replaced.in(locale) : bundle.getString(key);
    }

    private static String separator(Locale locale) {
        return "ja".equals(locale.getLanguage()) ? "" : " ";
    }

    private static String fill(String template, DeviceIdentity device, int files, Map<FindingType, Integer> findings,
            ResourceBundle bundle) {
        return template.replace("{device}", deviceName(device)).replace("{files}", Integer.toString(files))
                .replace("{findings}", findings(findings, bundle));
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
