package io.mamori.console.logging;

/**
 * Text made safe for one line of a log a person or a program reads: line breaks, terminal escape
 * codes and the other control characters, and the Unicode characters that break or reorder a line
 * (line and paragraph separators, bidirectional overrides) are written as escapes ({@code \r},
 * {@code \n}, {@code \u001b}). A request can then never forge a log line or repaint the terminal
 * of whoever reads the log. Everything else (Japanese text included) is kept as it is.
 */
public final class OneLine {

    private OneLine() {
    }

    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    static boolean unsafe(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u061c' || c == '\u200e'
                || c == '\u200f';
    }
}
