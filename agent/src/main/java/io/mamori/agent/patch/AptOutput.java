package io.mamori.agent.patch;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what apt prints about pending updates (Debian, Ubuntu), with {@code LC_ALL=C}:
 * <ul>
 * <li>{@code apt-get -s dist-upgrade} — one {@code Inst} line per package to install or upgrade,
 * with the candidate's archives ({@code Debian-Security:12/stable-security}); the closing
 * summary ({@code N upgraded, M newly installed, …}) must be there, or the output is not trusted;</li>
 * <li>{@code apt list --upgradable} — {@code name/suite,suite version arch [upgradable from: old]};</li>
 * <li>Ubuntu's {@code /usr/lib/update-notifier/apt-check} — {@code updates;security} on standard error.</li>
 * </ul>
 * An update is a security update when one of the archives it comes from is a security archive
 * (label or suite naming {@code security}: {@code bookworm-security}, {@code jammy-security}).
 */
public final class AptOutput {

    /** {@code Inst name [old] (new archives [arch])}; the old version is absent for a new package (a new kernel). */
    private static final Pattern INST = Pattern.compile("^Inst (\\S+)(?: \\[[^\\]]*\\])?(?: \\((\\S+) (.*?)(?: \\[[^\\]]*\\])?\\))?.*$");
    private static final Pattern SUMMARY = Pattern.compile("^(\\d+) upgraded, (\\d+) newly installed, (\\d+) to remove and (\\d+) not upgraded\\.\\s*$");
    private static final Pattern UPGRADABLE = Pattern.compile("^([^/\\s]+)/(\\S+) (\\S+) (\\S+) \\[upgradable from: [^\\]]+\\]\\s*$");
    private static final Pattern APT_CHECK = Pattern.compile("^(\\d{1,7});(\\d{1,7})$");
    private static final Pattern SECURITY = Pattern.compile("security", Pattern.CASE_INSENSITIVE);

    private AptOutput() {
    }

    /** The output of {@code apt-get -s dist-upgrade} (or {@code upgrade}). */
    public static PendingUpdates simulatedUpgrade(String output) throws UnreadableOutputException {
        Set<String> all = new HashSet<>();
        Set<String> security = new HashSet<>();
        boolean summary = false;
        for (String line : lines(output)) {
            if (line.startsWith("Inst ")) {
                Matcher inst = INST.matcher(line);
                String name = inst.matches() ? inst.group(1) : line.substring(5).split(" ", 2)[0];
                all.add(name);
                if (inst.matches() && inst.group(3) != null && securityArchive(inst.group(3).split(", "))) {
                    security.add(name);
                }
            } else if (SUMMARY.matcher(line).matches()) {
                summary = true;
            } else if (line.startsWith("E: ")) {
                throw new UnreadableOutputException("apt-get", "reported an error", line);
            }
        }
        if (!summary) {
            throw new UnreadableOutputException("apt-get", "printed no summary line, so its list may be incomplete", output);
        }
        return new PendingUpdates(all.size(), security.size());
    }

    /** The output of {@code apt list --upgradable}. */
    public static PendingUpdates upgradableList(String output) throws UnreadableOutputException {
        Set<String> all = new HashSet<>();
        Set<String> security = new HashSet<>();
        boolean listing = false;
        for (String line : lines(output)) {
            if (line.startsWith("Listing...")) {
                listing = true;
                continue;
            }
            if (line.isBlank() || line.startsWith("WARNING: ") || line.startsWith("N: ")) {
                continue;
            }
            if (line.startsWith("E: ")) {
                throw new UnreadableOutputException("apt list", "reported an error", line);
            }
            Matcher upgradable = UPGRADABLE.matcher(line);
            if (!upgradable.matches()) {
                throw new UnreadableOutputException("apt list", "printed a line that is not an upgradable package", line);
            }
            String name = upgradable.group(1) + ":" + upgradable.group(4);
            all.add(name);
            if (securityArchive(upgradable.group(2).split(","))) {
                security.add(name);
            }
        }
        if (!listing) {
            throw new UnreadableOutputException("apt list", "did not start its listing", output);
        }
        return new PendingUpdates(all.size(), security.size());
    }

    /** The output of Ubuntu's {@code apt-check}: {@code updates;security}. */
    public static PendingUpdates aptCheck(String output) throws UnreadableOutputException {
        String last = lines(output).stream().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
        Matcher counts = APT_CHECK.matcher(last);
        if (!counts.matches()) {
            throw new UnreadableOutputException("apt-check", "did not print 'updates;security'", output);
        }
        int updates = Integer.parseInt(counts.group(1));
        int security = Integer.parseInt(counts.group(2));
        if (security > updates) {
            throw new UnreadableOutputException("apt-check", "counted more security updates than updates", last);
        }
        return new PendingUpdates(updates, security);
    }

    private static boolean securityArchive(String[] archives) {
        for (String archive : archives) {
            if (SECURITY.matcher(archive.toLowerCase(Locale.ROOT)).find()) {
                return true;
            }
        }
        return false;
    }

    private static java.util.List<String> lines(String output) throws UnreadableOutputException {
        if (output == null || output.isBlank()) {
            throw new UnreadableOutputException("apt", "printed nothing", output);
        }
        return output.lines().toList();
    }
}
