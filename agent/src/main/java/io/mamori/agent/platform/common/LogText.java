package io.mamori.agent.platform.common;

/**
 * Text from outside the agent (a session helper's message, an account name) made fit for a log
 * line: control characters (line breaks included, so no forged lines) become '?', and it is cut.
 * One copy for the Windows and macOS service sides, so both forge-proof their logs by the same rules.
 */
public final class LogText {

    public static final int MAX = 120;

    private LogText() {
    }

    public static String of(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX + 1));
        for (int i = 0; i < text.length() && clean.length() < MAX; i++) {
            char c = text.charAt(i);
            clean.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c) ? '?' : c);
        }
        return text.length() > MAX ? clean + "…(" + text.length() + " chars)" : clean.toString();
    }
}
