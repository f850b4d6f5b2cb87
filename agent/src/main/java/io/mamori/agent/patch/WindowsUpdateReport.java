package io.mamori.agent.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the Windows Update Agent says, as printed by {@code windows-update.ps1} (kept beside this
 * class): one JSON object, schema 1 — {@code osBuild}, {@code rebootRequired},
 * {@code lastSuccessfulInstallAt}, {@code updates} (title, KB numbers, classification, MSRC
 * severity) and {@code error}. An update is a security update when its classification is
 * "Security Updates" or it carries an MSRC severity. Nothing in the text is trusted: unknown
 * fields are ignored, wrong types and missing fields make the report unreadable.
 *
 * @param osBuild          the build, {@code 10.0.<build>.<revision>}
 * @param pending          updates not installed, and of them security updates
 * @param byClassification pending updates by classification
 * @param lastInstallAt    the last successful installation, if any
 * @param rebootRequired   whether installed updates wait for a restart
 */
public record WindowsUpdateReport(String osBuild, PendingUpdates pending, Map<String, Integer> byClassification,
        Instant lastInstallAt, boolean rebootRequired) {

    /** More updates than this is not a real answer. */
    private static final int MAX_UPDATES = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
                .maxStringLength(1 << 20).maxNumberLength(20).build());
    }

    public WindowsUpdateReport {
        byClassification = Map.copyOf(byClassification);
    }

    public static WindowsUpdateReport parse(String output) throws UnreadableOutputException {
        String program = "windows-update.ps1";
        if (output == null || output.isBlank()) {
            throw new UnreadableOutputException(program, "printed nothing", output);
        }
        JsonNode report;
        try {
            report = JSON.readTree(output.strip());
        } catch (JsonProcessingException e) {
            throw new UnreadableOutputException(program, "did not print JSON", output);
        }
        if (report == null || !report.isObject()) {
            throw new UnreadableOutputException(program, "did not print a JSON object", output);
        }
        if (report.path("schema").asInt(0) != 1) {
            throw new UnreadableOutputException(program, "printed an unknown schema " + report.path("schema"), null);
        }
        JsonNode error = report.path("error");
        if (!error.isNull() && !error.isMissingNode()) {
            throw new UnreadableOutputException(program, "Windows Update Agent failed", error.asText());
        }
        JsonNode build = report.path("osBuild");
        JsonNode reboot = report.path("rebootRequired");
        JsonNode updates = report.path("updates");
        if (!build.isTextual() || !reboot.isBoolean() || !updates.isArray()) {
            throw new UnreadableOutputException(program, "lacks osBuild, rebootRequired or updates", null);
        }
        if (updates.size() > MAX_UPDATES) {
            throw new UnreadableOutputException(program, "listed " + updates.size() + " updates", null);
        }
        int security = 0;
        Map<String, Integer> byClassification = new TreeMap<>();
        for (JsonNode update : updates) {
            if (!update.isObject()) {
                throw new UnreadableOutputException(program, "listed an update that is not an object", null);
            }
            String classification = text(update.path("classification"), "Unclassified");
            String severity = text(update.path("msrcSeverity"), "");
            byClassification.merge(classification.length() > 64 ? classification.substring(0, 64) : classification, 1,
                    Integer::sum);
            if (classification.toLowerCase(Locale.ROOT).equals("security updates") || !severity.isBlank()) {
                security++;
            }
        }
        Instant lastInstall = null;
        JsonNode last = report.path("lastSuccessfulInstallAt");
        if (last.isTextual()) {
            try {
                lastInstall = Instant.parse(last.asText());
            } catch (DateTimeParseException e) {
                throw new UnreadableOutputException(program, "printed an unreadable lastSuccessfulInstallAt", last.asText());
            }
        }
        String osBuild = build.asText().strip();
        if (osBuild.isEmpty() || osBuild.length() > 128) {
            throw new UnreadableOutputException(program, "printed an unusable osBuild", null);
        }
        return new WindowsUpdateReport(osBuild, new PendingUpdates(updates.size(), security), byClassification, lastInstall,
                reboot.asBoolean());
    }

    private static String text(JsonNode node, String fallback) {
        return node.isTextual() ? node.asText() : fallback;
    }
}
