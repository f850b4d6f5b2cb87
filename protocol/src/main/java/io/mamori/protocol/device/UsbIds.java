package io.mamori.protocol.device;

import io.mamori.protocol.InvalidFieldException;
import java.util.Locale;
import java.util.regex.Pattern;

/** USB vendor and product ids are four hexadecimal digits; this keeps them in one spelling. */
final class UsbIds {

    private static final Pattern FOUR_HEX = Pattern.compile("[0-9a-f]{4}");

    private UsbIds() {
    }

    /** Lower-cases and checks an id; {@code null} stays {@code null} (unknown). */
    static String normalize(String id, String field) {
        if (id == null) {
            return null;
        }
        String folded = id.toLowerCase(Locale.ROOT);
        if (!FOUR_HEX.matcher(folded).matches()) {
            throw new InvalidFieldException(field, "must be four hexadecimal digits, e.g. 0781 (was '" + id + "')");
        }
        return folded;
    }
}
