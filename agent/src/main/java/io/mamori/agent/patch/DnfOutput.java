package io.mamori.agent.patch;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what dnf prints about pending updates (RHEL, Fedora, Rocky, Alma), with {@code LC_ALL=C}:
 * <ul>
 * <li>{@code dnf -q check-update} — exit 0: nothing pending; exit 100: one line per package
 * ({@code name.arch  version  repository}, a long name alone on its line with the rest on the
 * next), then possibly {@code Obsoleting Packages}; any other exit is an error;</li>
 * <li>{@code dnf -q updateinfo list --security} — one line per advisory and package, dnf 4
 * ({@code RHSA-2024:1234 Important/Sec. openssl-1:3.0.7-25.el9_3.x86_64}) or dnf 5
 * ({@code FEDORA-2024-… security Moderate curl-8.6.0-8.fc40.x86_64 2024-04-10 01:23:45});</li>
 * <li>{@code needs-restarting -r} — exit 1: a restart is needed; 0: not.</li>
 * </ul>
 */
public final class DnfOutput {

    private static final Pattern PACKAGE = Pattern.compile("^[A-Za-z0-9][\\w.+-]*\\.(noarch|x86_64|aarch64|i686|ppc64le|s390x|src|armv7hl)$");
    private static final Pattern VERSION = Pattern.compile("^(\\d+:)?[\\w.+~^-]+$");
    private static final Pattern ADVISORY = Pattern.compile("^[A-Z][A-Za-z0-9]*-[0-9][\\w:.-]*$");

    private DnfOutput() {
    }

    /** {@code dnf check-update}: its exit code and output. */
    public static PendingUpdates checkUpdate(int exitCode, String output) throws UnreadableOutputException {
        if (exitCode == 0) {
            return PendingUpdates.NONE;
        }
        if (exitCode != 100) {
            throw new UnreadableOutputException("dnf check-update", "failed (exit " + exitCode + ")", output);
        }
        Set<String> packages = new HashSet<>();
        String waiting = null; // a name whose version and repository are on the next line
        for (String line : lines(output)) {
            String[] words = line.strip().split("\\s+");
            if (line.startsWith("Obsoleting Packages")) {
                break;
            }
            if (line.isBlank() || line.startsWith("Last metadata expiration check") || line.startsWith("Security: ")) {
                continue;
            }
            if (waiting != null && words.length == 2 && VERSION.matcher(words[0]).matches() && line.startsWith(" ")) {
                packages.add(waiting);
                waiting = null;
            } else if (words.length == 1 && PACKAGE.matcher(words[0]).matches()) {
                waiting = words[0];
            } else if (words.length == 3 && PACKAGE.matcher(words[0]).matches() && VERSION.matcher(words[1]).matches()) {
                packages.add(words[0]);
            } else {
                throw new UnreadableOutputException("dnf check-update", "printed a line that is not a package", line);
            }
        }
        if (packages.isEmpty()) {
            throw new UnreadableOutputException("dnf check-update", "said updates wait (exit 100) but listed none", output);
        }
        return new PendingUpdates(packages.size(), 0);
    }

    /** {@code dnf updateinfo list --security}: how many packages have a security update waiting. */
    public static int securityPackages(String output) throws UnreadableOutputException {
        if (output == null) {
            throw new UnreadableOutputException("dnf updateinfo", "printed nothing", null);
        }
        Set<String> packages = new HashSet<>();
        for (String line : output.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (line.isBlank() || line.startsWith("Last metadata expiration check") || line.startsWith("Updating and loading")
                    || line.startsWith("Repositories loaded") || words[0].equals("Name") && line.contains("Type")) {
                continue;
            }
            if (words.length == 3 && ADVISORY.matcher(words[0]).matches() && words[1].endsWith("Sec.")) {
                packages.add(words[2]); // dnf 4
            } else if (words.length >= 4 && ADVISORY.matcher(words[0]).matches() && words[1].equals("security")) {
                packages.add(words[3]); // dnf 5
            } else if (words.length >= 3 && ADVISORY.matcher(words[0]).matches()) {
                continue; // an advisory of another type (bugfix, enhancement)
            } else {
                throw new UnreadableOutputException("dnf updateinfo", "printed a line that is not an advisory", line);
            }
        }
        return packages.size();
    }

    /** {@code needs-restarting -r}: whether a restart is needed. */
    public static boolean restartNeeded(int exitCode, String output) throws UnreadableOutputException {
        return switch (exitCode) {
            case 0 -> false;
            case 1 -> {
                if (output != null && output.contains("Reboot is required")) {
                    yield true;
                }
                throw new UnreadableOutputException("needs-restarting", "failed (exit 1)", output);
            }
            default -> throw new UnreadableOutputException("needs-restarting", "failed (exit " + exitCode + ")", output);
        };
    }

    /** Updates and security updates together: security updates are updates even if check-update missed one. */
    public static PendingUpdates combined(PendingUpdates updates, int securityPackages) {
        int all = Math.max(updates.updates(), securityPackages);
        return new PendingUpdates(all, securityPackages);
    }

    private static List<String> lines(String output) throws UnreadableOutputException {
        if (output == null || output.isBlank()) {
            throw new UnreadableOutputException("dnf check-update", "printed nothing", output);
        }
        return output.lines().toList();
    }
}
