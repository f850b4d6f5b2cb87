package io.mamori.classifier.detect;

/**
 * How findings are masked before they leave the classifier. Every sample shown to a person or
 * sent to the console goes through one of these.
 */
public final class Masks {

    private Masks() {
    }

    /**
     * Keeps the first {@code keepFirst} and last {@code keepLast} digits of a number as written,
     * masking the other digits and keeping separators: {@code 1234-5678-9018} → {@code 1234-****-**18}.
     */
    public static String digits(String written, int keepFirst, int keepLast) {
        int total = 0;
        for (int i = 0; i < written.length(); i++) {
            if (Character.isDigit(written.charAt(i))) {
                total++;
            }
        }
        StringBuilder out = new StringBuilder(written.length());
        int seen = 0;
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (Character.isDigit(c)) {
                out.append(seen < keepFirst || seen >= total - keepLast ? c : '*');
                seen++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Keeps the first character of each word: {@code 山田 太郎} → {@code 山* 太*}. */
    public static String name(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean wordStart = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || c == '\u3000') {
                out.append(c);
                wordStart = true;
            } else {
                out.append(wordStart ? c : '*');
                wordStart = false;
            }
        }
        return out.toString();
    }

    /** Keeps the first character of the local part and the domain: {@code t***@example.co.jp}. */
    public static String email(String email) {
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "*".repeat(Math.max(3, at - 1)) + email.substring(at);
    }

    /** Keeps a prefix that says where without saying who, masks the rest character by character. */
    public static String keepPrefix(String text, int keep) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(i < keep || c == ' ' || c == '-' ? c : '*');
        }
        return out.toString();
    }

    /** Masks letters and digits except the first {@code keepFirst} and last {@code keepLast} characters. */
    public static String middle(String text, int keepFirst, int keepLast) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep = i < keepFirst || i >= text.length() - keepLast || !Character.isLetterOrDigit(c);
            out.append(keep ? c : '*');
        }
        return out.toString();
    }
}
