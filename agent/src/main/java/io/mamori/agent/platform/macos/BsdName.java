package io.mamori.agent.platform.macos;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A BSD disk name as DiskArbitration and diskutil use it ({@code disk4}, {@code disk4s1}); checked
 * before it is handed to a command line, so that a name from elsewhere cannot become an option.
 */
final class BsdName {

    private static final Pattern NAME = Pattern.compile("disk[0-9]{1,4}(s[0-9]{1,4}){0,3}");

    private BsdName() {
    }

    /** The name if it is one; {@code /dev/} is taken off. */
    static Optional<String> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String bare = name.startsWith("/dev/") ? name.substring(5) : name;
        return NAME.matcher(bare).matches() ? Optional.of(bare) : Optional.empty();
    }

    /** The whole disk a BSD name is on ({@code disk4s1} → {@code disk4}); the name itself for a whole disk. */
    static String whole(String name) {
        int slice = name.indexOf('s', 4);
        return slice < 0 ? name : name.substring(0, slice);
    }

    static String require(String name) throws java.io.IOException {
        return of(name).orElseThrow(() -> new java.io.IOException("not a BSD disk name: " + OsText.clip(name)));
    }
}
