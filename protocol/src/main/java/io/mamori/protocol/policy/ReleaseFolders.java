package io.mamori.protocol.policy;

import io.mamori.protocol.Fields;
import io.mamori.protocol.InvalidFieldException;
import java.util.List;

/**
 * Where a reviewer may have a quarantined file released other than back to its device: a folder
 * in the home folder of the employee who copied it, named relative to that home with {@code /}
 * between names ({@code Desktop}, {@code Documents/released}; {@code .} is the home itself). The
 * agent writes the file there <em>as the employee</em>, so a release can never put a file where the
 * employee could not (found in an attack: a reviewer could have a file written into a system
 * folder by an agent running as root). The policy lists the folders allowed ({@code releaseFolders};
 * absent: the whole home, {@link #DEFAULT}; empty: none, releases go back to the device only).
 */
public final class ReleaseFolders {

    /** What a policy without {@code releaseFolders} allows: anywhere in the employee's home. */
    public static final List<String> DEFAULT = List.of(".");
    public static final int MAX_LENGTH = 255;

    private ReleaseFolders() {
    }

    /**
     * Checks the shape of a folder named relative to the employee's home: not absolute (no leading
     * {@code /} or {@code \}, no drive letter, no {@code ~}), no {@code ..} or empty names, no
     * backslashes or control characters. {@code .} alone names the home.
     */
    public static String check(String folder, String field) {
        Fields.requiredText(folder, field, MAX_LENGTH);
        if (folder.equals(".")) {
            return folder;
        }
        if (folder.startsWith("/") || folder.startsWith("~") || folder.contains("\\") || folder.matches("^[A-Za-z]:.*")) {
            throw new InvalidFieldException(field, "must name a folder relative to the employee's home folder, such as"
                    + " Desktop or Documents/released (was '" + folder + "')");
        }
        if (folder.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidFieldException(field, "must not contain control characters");
        }
        for (String name : folder.split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw new InvalidFieldException(field, "must not contain '.', '..' or empty names (was '" + folder + "')");
            }
        }
        return folder;
    }

    /** True if {@code destination} is one of {@code allowed} or lies under one of them. */
    public static boolean allows(List<String> allowed, String destination) {
        for (String folder : allowed) {
            if (folder.equals(".") || destination.equals(folder) || destination.startsWith(folder + "/")) {
                return true;
            }
        }
        return false;
    }
}
