package io.mamori.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical byte form of a JSON document that signatures are computed over: the JSON
 * Canonicalization Scheme (RFC 8785) for documents whose numbers are whole and within ±(2^53−1).
 * Object members are sorted by their UTF-16 code units, there is no white space, strings use the
 * shortest escapes, and the text is UTF-8.
 *
 * <p>Numbers with a fraction or beyond 2^53−1 are refused rather than rounded: RFC 8785 treats
 * numbers as IEEE doubles, so two different large integers could share one canonical form and
 * one signature. Protocol documents only hold whole numbers, so nothing valid is lost.
 */
public final class CanonicalJson {

    static final BigInteger MAX_SAFE_INTEGER = BigInteger.valueOf((1L << 53) - 1);

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonNode document) {
        StringBuilder out = new StringBuilder(256);
        write(document, out, "$");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String text(JsonNode document) {
        return new String(bytes(document), StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, StringBuilder out, String where) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                Iterator<String> it = node.fieldNames();
                while (it.hasNext()) {
                    names.add(it.next());
                }
                names.sort(null); // String order is UTF-16 code unit order, as RFC 8785 requires
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    String name = names.get(i);
                    string(name, out);
                    out.append(':');
                    write(node.get(name), out, where + "." + name);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out, where + "[" + i + "]");
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case NUMBER -> out.append(wholeNumber(node, where));
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new ProtocolException(where, "cannot be part of a signed document ("
                    + node.getNodeType() + ")", null);
        }
    }

    private static String wholeNumber(JsonNode node, String where) {
        BigInteger value;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else {
            BigDecimal decimal = node.decimalValue();
            if (decimal.stripTrailingZeros().scale() > 0) {
                throw new ProtocolException(where, "signed documents hold whole numbers only (was " + node + ")", null);
            }
            value = decimal.toBigIntegerExact();
        }
        if (value.abs().compareTo(MAX_SAFE_INTEGER) > 0) {
            throw new ProtocolException(where, "number " + value + " is beyond ±(2^53−1), which signed documents"
                    + " cannot hold exactly", null);
        }
        return value.toString();
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isSurrogate(c) && !isPairedSurrogate(value, i)) {
                        throw new ProtocolException(null, "text contains a lone UTF-16 surrogate at index " + i
                                + ", which has no UTF-8 form", null);
                    }
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isPairedSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }
}
