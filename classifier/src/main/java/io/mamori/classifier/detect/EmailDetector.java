package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * E-mail addresses, grown outwards from each {@code @}: a local part of letters, digits and
 * {@code ._%+-}, a domain of at least two labels ending in a letters-only top-level domain.
 * MEDIUM by default, HIGH with a mail keyword nearby or in its column; role addresses (info@,
 * support@, noreply@ …) belong to organisations and stay LOW.
 */
public final class EmailDetector implements Detector {

    private static final Set<String> ROLE_ACCOUNTS = Set.of("info", "support", "noreply", "no-reply", "admin",
            "sales", "contact", "webmaster", "postmaster", "service", "help", "press", "pr", "recruit", "saiyo",
            "office", "inquiry", "customer", "hr", "jinji", "soumu", "security", "abuse", "mailer-daemon");
    private static final int LONGEST_ROLE = ROLE_ACCOUNTS.stream().mapToInt(String::length).max().orElse(0);
    /** The first letters of the role names: most local parts start with another and make no string. */
    private static final long ROLE_INITIALS = ROLE_ACCOUNTS.stream().mapToLong(role -> 1L << (role.charAt(0) - 'a'))
            .reduce(0, (a, b) -> a | b);

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        char[] chars = text.chars();
        int n = text.length();
        int consumedTo = 0;
        IntList atSigns = context.lexical().atSigns();
        for (int k = 0; k < atSigns.size(); k++) {
            int at = atSigns.get(k);
            if (at < consumedTo) {
                continue;
            }
            int start = at;
            while (start > 0 && at - start < 64 && isLocalChar(chars[start - 1])) {
                start--;
            }
            int end = at + 1;
            while (end < n && end - at < 255 && isDomainChar(chars[end])) {
                end++;
            }
            while (end > at + 1 && (chars[end - 1] == '.' || chars[end - 1] == '-')) {
                end--; // a sentence's full stop is not part of the domain
            }
            if (start == at || chars[start] == '.' || chars[at - 1] == '.' || !validDomain(chars, at + 1, end)) {
                continue;
            }
            consumedTo = end;
            String address = text.substring(start, end);
            Confidence confidence;
            if (isRoleAccount(chars, start, at)) {
                confidence = Confidence.LOW;
            } else if (context.hasContext(KeywordFamily.EMAIL, start, end)) {
                confidence = Confidence.HIGH;
            } else {
                confidence = Confidence.MEDIUM;
            }
            findings.add(Finding.lazy(FindingType.EMAIL, confidence, start, end, () -> Masks.email(address),
                    () -> ValueKeys.of(address.toLowerCase(Locale.ROOT))));
        }
        return findings;
    }

    private static boolean isRoleAccount(char[] chars, int start, int at) {
        char first = Character.toLowerCase(chars[start]);
        if (at - start > LONGEST_ROLE || first < 'a' || first > 'z' || (ROLE_INITIALS & (1L << (first - 'a'))) == 0) {
            return false;
        }
        return ROLE_ACCOUNTS.contains(new String(chars, start, at - start).toLowerCase(Locale.ROOT));
    }

    private static boolean validDomain(char[] chars, int from, int to) {
        if (to - from < 4) {
            return false;
        }
        int lastDot = -1;
        int labelLength = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                lastDot = i;
                labelLength = 0;
            } else {
                labelLength++;
            }
        }
        if (lastDot < 0 || to - lastDot - 1 < 2) {
            return false;
        }
        for (int i = lastDot + 1; i < to; i++) {
            char c = chars[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLocalChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomainChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }
}
