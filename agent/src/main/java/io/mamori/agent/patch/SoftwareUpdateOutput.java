package io.mamori.agent.patch;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads macOS's {@code softwareupdate --list} (macOS 11 and later: {@code * Label: …} with a
 * {@code Title: …, Version: …, Recommended: YES, Action: restart,} line; before: {@code * name}
 * with a description line) and {@code sw_vers}. Apple does not classify updates: an OS update
 * ({@code macOS …}), a Rapid Security Response and anything named "Security" counts as a security
 * update, since Apple ships its security fixes in them.
 */
public final class SoftwareUpdateOutput {

    private static final Pattern ITEM = Pattern.compile("^\\s*\\* (?:Label: )?(.+?)\\s*$");
    private static final Pattern TITLE = Pattern.compile("^\\s*Title: ([^,]*),");
    private static final Pattern PRODUCT_VERSION = Pattern.compile("^ProductVersion:\\s*([0-9][0-9.]{0,30})\\s*$");

    private SoftwareUpdateOutput() {
    }

    /** {@code softwareupdate --list} (standard error included: "No new software available." is printed there). */
    public static PendingUpdates list(String output) throws UnreadableOutputException {
        String program = "softwareupdate";
        if (output == null || output.isBlank()) {
            throw new UnreadableOutputException(program, "printed nothing", output);
        }
        List<String> lines = output.lines().toList();
        if (lines.stream().anyMatch(l -> l.strip().equals("No new software available."))) {
            return PendingUpdates.NONE;
        }
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Software Update found the following new or updated software:")) {
                found = i;
                break;
            }
        }
        if (found < 0) {
            throw new UnreadableOutputException(program, "said neither that software was found nor that none was", output);
        }
        int updates = 0;
        int security = 0;
        for (int i = found + 1; i < lines.size(); i++) {
            Matcher item = ITEM.matcher(lines.get(i));
            if (!item.matches()) {
                continue;
            }
            updates++;
            String name = item.group(1);
            if (i + 1 < lines.size()) {
                Matcher title = TITLE.matcher(lines.get(i + 1));
                if (title.find()) {
                    name = name + " " + title.group(1);
                }
            }
            if (security(name)) {
                security++;
            }
        }
        if (updates == 0) {
            throw new UnreadableOutputException(program, "said software was found but listed none", output);
        }
        return new PendingUpdates(updates, security);
    }

    /** {@code sw_vers}: the macOS version ({@code 14.6.1}). */
    public static String productVersion(String output) throws UnreadableOutputException {
        if (output != null) {
            for (String line : output.lines().toList()) {
                Matcher version = PRODUCT_VERSION.matcher(line.strip());
                if (version.matches()) {
                    return version.group(1);
                }
            }
        }
        throw new UnreadableOutputException("sw_vers", "printed no ProductVersion", output);
    }

    private static boolean security(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("macos") || lower.contains(" macos ") || lower.contains("security");
    }
}
