package io.mamori.agent.platform.macos;

/** Text from the OS or a device, cut and stripped of control characters before it reaches a log or an identity. */
final class LogText {

    static final int DEFAULT_LIMIT = 80;

    private LogText() {
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
