package io.mamori.agent.platform.macos;

/**
 * Text from the OS or a device, cut and stripped of control characters before it reaches a log or
 * an identity. Not {@link io.mamori.agent.platform.common.LogText}: these rules differ (null stays
 * null, 80 characters with the ellipsis counted, format characters kept) and device names and
 * identity fields are made with them; a name of its own keeps the two from being mixed up by an
 * import.
 */
final class OsText {

    static final int DEFAULT_LIMIT = 80;

    private OsText() {
    }

    static String clip(String text) {
        return clip(text, DEFAULT_LIMIT);
    }

    static String clip(String text, int limit) {
        if (text == null) {
            return null;
        }
        boolean cut = text.length() > limit;
        int keep = cut ? limit - 1 : text.length(); // the ellipsis counts: the result is at most limit long
        StringBuilder out = new StringBuilder(limit);
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return cut ? out.append('…').toString() : out.toString();
    }
}
