package io.mamori.console.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy editor's structured form: the common parts of a policy document (rules, the device
 * allow-list, patch thresholds, the employee's notification texts) as text fields, exactly as the
 * person typed them, so a refused form is shown again with their input. {@link #applyTo} writes
 * the fields over a stored version's document; everything the form does not show (custom
 * detectors, override reasons, a rule's other conditions) is kept as it was.
 */
public final class PolicyForm {

    /** One rule. {@code simple}: at most one finding criterion, so the form can show it whole. */
    public record RuleRow(String id, boolean existing, String description, String scope, boolean simple, String types,
            String minConfidence, String minCount, String approved, String action, boolean disabled, boolean remove) {
    }

    /** One allow-list entry. */
    public record DeviceRow(String vendor, String product, String serial, String note, boolean remove) {
    }

    /** One notification text, by message key. */
    public record NoticeRow(String key, String ja, String en) {
    }

    /**
     * A problem to show next to a field: the text's key and argument (in the person's language),
     * and the validator's own words ({@code detail}, English) with the document path it named.
     */
    public record FieldError(String key, String argument, String path, String detail) {
    }

    static final List<String> PATCH_FIELDS = List.of("maxDaysSinceSecurityUpdate", "maxPendingSecurityUpdates",
            "maxRebootPendingDays");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[\\s,、，]+");
    private static final Pattern RULE_PATH = Pattern.compile("policy\\.rules\\[(\\d+)].*");
    private static final Pattern DEVICE_PATH = Pattern.compile("policy\\.deviceAllowList\\[(\\d+)].*");
    private static final Pattern PATCH_PATH = Pattern.compile("policy\\.patch\\.(\\w+).*");

    final String defaultFileAction;
    final List<RuleRow> rules;
    final List<DeviceRow> devices;
    final Map<String, String> patch;
    final List<NoticeRow> notices;
    final Map<String, FieldError> errors = new LinkedHashMap<>();
    /** Which form row each rule / allow-list entry of the applied document came from. */
    private final List<Integer> ruleRowOfIndex = new ArrayList<>();
    private final List<Integer> deviceRowOfIndex = new ArrayList<>();

    private PolicyForm(String defaultFileAction, List<RuleRow> rules, List<DeviceRow> devices, Map<String, String> patch,
            List<NoticeRow> notices) {
        this.defaultFileAction = defaultFileAction;
        this.rules = rules;
        this.devices = devices;
        this.patch = patch;
        this.notices = notices;
    }

    // ---------------------------------------------------------------- from a stored document

    static PolicyForm of(JsonNode policy) {
        List<RuleRow> rules = new ArrayList<>();
        for (JsonNode rule : policy.path("rules")) {
            JsonNode when = rule.path("when");
            JsonNode findings = when.path("findings");
            boolean simple = findings.size() <= 1;
            JsonNode first = findings.path(0);
            List<String> types = new ArrayList<>();
            first.path("types").forEach(type -> types.add(type.asText()));
            rules.add(new RuleRow(rule.path("id").asText(), true, rule.path("description").asText(""),
                    rule.path("scope").asText(), simple, String.join(", ", types), first.path("minConfidence").asText(""),
                    first.has("minCount") ? first.get("minCount").asText() : "",
                    when.path("approvedDevice").isBoolean() ? when.get("approvedDevice").asText() : "",
                    rule.path("action").asText(), rule.path("disabled").asBoolean(false), false));
        }
        rules.add(blankRule());
        List<DeviceRow> devices = new ArrayList<>();
        for (JsonNode entry : policy.path("deviceAllowList")) {
            devices.add(new DeviceRow(entry.path("vendorId").asText(""), entry.path("productId").asText(""),
                    entry.path("serial").asText(""), entry.path("description").asText(""), false));
        }
        devices.add(new DeviceRow("", "", "", "", false));
        Map<String, String> patch = new LinkedHashMap<>();
        for (String field : PATCH_FIELDS) {
            JsonNode value = policy.path("patch").path(field);
            patch.put(field, value.isNumber() ? value.asText() : "");
        }
        List<NoticeRow> notices = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = policy.path("notifications").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> notice = it.next();
            notices.add(new NoticeRow(notice.getKey(), notice.getValue().path("ja").asText(""),
                    notice.getValue().path("en").asText("")));
        }
        notices.add(new NoticeRow("", "", ""));
        return new PolicyForm(policy.path("defaultFileAction").asText(), rules, devices, patch, notices);
    }

    private static RuleRow blankRule() {
        return new RuleRow("", false, "", "FILE", true, "", "", "", "", "BLOCK", false, false);
    }

    // ---------------------------------------------------------------- from a submitted form

    static PolicyForm of(Forms form) {
        List<RuleRow> rules = new ArrayList<>();
        for (int i = 0; form.has("rule." + i + ".id"); i++) {
            String p = "rule." + i + ".";
            rules.add(new RuleRow(form.text(p + "id"), "true".equals(form.value(p + "existing")), form.text(p + "description"),
                    form.text(p + "scope"), !"false".equals(form.value(p + "simple")), form.text(p + "types"),
                    form.text(p + "minConfidence"), form.text(p + "minCount"), form.text(p + "approved"),
                    form.text(p + "action"), form.has(p + "disabled"), form.has(p + "remove")));
        }
        if (rules.isEmpty() || rules.get(rules.size() - 1).existing() || !rules.get(rules.size() - 1).id().isEmpty()) {
            rules.add(blankRule());
        }
        List<DeviceRow> devices = new ArrayList<>();
        for (int i = 0; form.has("device." + i + ".vendor"); i++) {
            String p = "device." + i + ".";
            devices.add(new DeviceRow(form.text(p + "vendor"), form.text(p + "product"), form.text(p + "serial"),
                    form.text(p + "note"), form.has(p + "remove")));
        }
        if (devices.isEmpty() || !isBlank(devices.get(devices.size() - 1))) {
            devices.add(new DeviceRow("", "", "", "", false));
        }
        Map<String, String> patch = new LinkedHashMap<>();
        PATCH_FIELDS.forEach(field -> patch.put(field, form.text("patch." + field)));
        List<NoticeRow> notices = new ArrayList<>();
        for (int i = 0; form.has("notice." + i + ".key"); i++) {
            String p = "notice." + i + ".";
            notices.add(new NoticeRow(form.text(p + "key"), form.text(p + "ja"), form.text(p + "en")));
        }
        if (notices.isEmpty() || !notices.get(notices.size() - 1).key().isEmpty()) {
            notices.add(new NoticeRow("", "", ""));
        }
        return new PolicyForm(form.text("defaultFileAction"), rules, devices, patch, notices);
    }

    private static boolean isBlank(DeviceRow row) {
        return row.vendor().isEmpty() && row.product().isEmpty() && row.serial().isEmpty() && row.note().isEmpty();
    }

    // ---------------------------------------------------------------- to a document

    /**
     * The fields written over {@code base} (a stored version's document, not changed). Fields the
     * form can check itself (numbers) are checked here, in {@link #errors}; the rest is left to the
     * protocol's validation when the draft is previewed or published.
     */
    ObjectNode applyTo(JsonNode base) {
        ObjectNode draft = base.deepCopy();
        draft.put("defaultFileAction", defaultFileAction);
        draft.set("rules", rules(base.path("rules")));
        ArrayNode allowList = JSON.arrayNode();
        deviceRowOfIndex.clear();
        for (int row = 0; row < devices.size(); row++) {
            DeviceRow device = devices.get(row);
            if (device.remove() || isBlank(device)) {
                continue;
            }
            ObjectNode entry = allowList.addObject();
            entry.put("vendorId", device.vendor());
            putText(entry, "productId", device.product());
            putText(entry, "serial", device.serial());
            putText(entry, "description", device.note());
            deviceRowOfIndex.add(row);
        }
        draft.set("deviceAllowList", allowList);
        ObjectNode thresholds = base.path("patch").isObject() ? base.get("patch").deepCopy() : JSON.objectNode();
        for (String field : PATCH_FIELDS) {
            thresholds.remove(field);
            Integer value = number(patch.get(field), "patch." + field, "policy.patch." + field);
            if (value != null) {
                thresholds.put(field, value);
            }
        }
        draft.set("patch", thresholds);
        ObjectNode texts = JSON.objectNode();
        for (NoticeRow notice : notices) {
            if (notice.key().isEmpty()) {
                continue;
            }
            ObjectNode text = texts.putObject(notice.key());
            putText(text, "ja", notice.ja());
            putText(text, "en", notice.en());
        }
        if (texts.isEmpty()) {
            draft.remove("notifications");
        } else {
            draft.set("notifications", texts);
        }
        return draft;
    }

    private ArrayNode rules(JsonNode stored) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        stored.forEach(rule -> byId.put(rule.path("id").asText(), rule));
        Set<String> mentioned = new LinkedHashSet<>();
        ArrayNode rules = JSON.arrayNode();
        ruleRowOfIndex.clear();
        for (int row = 0; row < this.rules.size(); row++) {
            RuleRow form = this.rules.get(row);
            mentioned.add(form.id());
            if (form.remove() || !form.existing() && form.id().isEmpty() && form.types().isEmpty()) {
                continue;
            }
            JsonNode original = form.existing() ? byId.get(form.id()) : null;
            ObjectNode rule = original == null ? JSON.objectNode() : original.deepCopy();
            rule.put("id", form.id());
            putText(rule, "description", form.description());
            if (original == null) {
                rule.put("scope", form.scope().isEmpty() ? "FILE" : form.scope());
            }
            rule.put("action", form.action());
            if (form.disabled()) {
                rule.put("disabled", true);
            } else {
                rule.remove("disabled");
            }
            ObjectNode when = rule.path("when").isObject() ? (ObjectNode) rule.get("when") : JSON.objectNode();
            if (form.simple()) {
                when.remove("findings");
                if (!form.minConfidence().isEmpty()) {
                    ObjectNode criterion = when.putArray("findings").addObject();
                    ArrayNode types = criterion.putArray("types");
                    for (String type : LIST_SEPARATORS.split(form.types())) {
                        if (!type.isEmpty()) {
                            types.add(type);
                        }
                    }
                    criterion.put("minConfidence", form.minConfidence());
                    Integer minCount = number(form.minCount(), "rule." + row, "policy.rules[" + rules.size() + "].when.findings[0].minCount");
                    if (minCount != null) {
                        criterion.put("minCount", minCount);
                    }
                }
            }
            when.remove("approvedDevice");
            if (!form.approved().isEmpty()) {
                when.put("approvedDevice", Boolean.parseBoolean(form.approved()));
            }
            if (when.isEmpty()) {
                rule.remove("when");
            } else {
                rule.set("when", when);
            }
            rules.add(rule);
            ruleRowOfIndex.add(row);
        }
        // rules someone else added since this form was opened are kept, not silently dropped
        byId.forEach((id, rule) -> {
            if (!mentioned.contains(id)) {
                rules.add(rule);
                ruleRowOfIndex.add(-1);
            }
        });
        return rules;
    }

    private Integer number(String text, String errorField, String path) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            errors.putIfAbsent(errorField, new FieldError("policy.error.number", text, path, null));
            return null;
        }
    }

    private static void putText(ObjectNode node, String field, String text) {
        if (text == null || text.isEmpty()) {
            node.remove(field);
        } else {
            node.put(field, text);
        }
    }

    // ---------------------------------------------------------------- errors

    /**
     * Puts the validator's error next to the row or field it is about: {@code policy.rules[2].action}
     * goes to the form row that rule came from, {@code policy.patch.maxRebootPendingDays} to that field.
     */
    void rejected(String path, String detail) {
        FieldError error = new FieldError("policy.error.field", path, path, detail);
        errors.putIfAbsent(fieldFor(path), error);
    }

    private String fieldFor(String path) {
        if (path == null) {
            return "general";
        }
        Matcher rule = RULE_PATH.matcher(path);
        if (rule.matches()) {
            int index = Integer.parseInt(rule.group(1));
            int row = index < ruleRowOfIndex.size() ? ruleRowOfIndex.get(index) : -1;
            return row < 0 ? "general" : "rule." + row;
        }
        Matcher device = DEVICE_PATH.matcher(path);
        if (device.matches()) {
            int index = Integer.parseInt(device.group(1));
            return index < deviceRowOfIndex.size() ? "device." + deviceRowOfIndex.get(index) : "general";
        }
        Matcher patchField = PATCH_PATH.matcher(path);
        if (patchField.matches() && PATCH_FIELDS.contains(patchField.group(1))) {
            return "patch." + patchField.group(1);
        }
        if (path.startsWith("policy.notifications")) {
            return "notices";
        }
        if (path.equals("policy.defaultFileAction")) {
            return "defaultFileAction";
        }
        return "general";
    }

    // ---------------------------------------------------------------- for the template

    public String getDefaultFileAction() {
        return defaultFileAction;
    }

    public List<RuleRow> getRules() {
        return rules;
    }

    public List<DeviceRow> getDevices() {
        return devices;
    }

    public Map<String, String> getPatch() {
        return patch;
    }

    public List<NoticeRow> getNotices() {
        return notices;
    }

    public Map<String, FieldError> getErrors() {
        return errors;
    }
}
