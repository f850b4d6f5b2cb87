package io.mamori.protocol.finding;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.mamori.protocol.InvalidFieldException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The stable id of a kind of finding, as used in policy, events, the CLI and the console.
 *
 * <p>The built-in ids are the constants below. Administrators add their own as
 * {@code CUSTOM:<name>}. An id that looks like a built-in but is unknown to this build (a newer
 * agent or console added it) is accepted and carried through unchanged, so a document is never
 * refused just because the other side is newer; such a type simply matches no rule that does
 * not name it.
 */
public record FindingType(String id) implements Comparable<FindingType> {

    private static final String CUSTOM_PREFIX = "CUSTOM:";
    private static final Pattern BUILT_IN_SHAPE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");

    public static final FindingType JP_MY_NUMBER = new FindingType("JP_MY_NUMBER");
    public static final FindingType JP_CORPORATE_NUMBER = new FindingType("JP_CORPORATE_NUMBER");
    public static final FindingType JP_PASSPORT = new FindingType("JP_PASSPORT");
    public static final FindingType JP_DRIVERS_LICENSE = new FindingType("JP_DRIVERS_LICENSE");
    public static final FindingType JP_RESIDENCE_CARD = new FindingType("JP_RESIDENCE_CARD");
    public static final FindingType JP_RESIDENT_CODE = new FindingType("JP_RESIDENT_CODE");
    public static final FindingType JP_PENSION_NUMBER = new FindingType("JP_PENSION_NUMBER");
    public static final FindingType JP_BANK_ACCOUNT = new FindingType("JP_BANK_ACCOUNT");
    public static final FindingType CREDIT_CARD = new FindingType("CREDIT_CARD");
    public static final FindingType EMAIL = new FindingType("EMAIL");
    public static final FindingType JP_PHONE = new FindingType("JP_PHONE");
    public static final FindingType JP_POSTAL_CODE = new FindingType("JP_POSTAL_CODE");
    public static final FindingType JP_ADDRESS = new FindingType("JP_ADDRESS");
    public static final FindingType JP_PERSON_NAME = new FindingType("JP_PERSON_NAME");
    public static final FindingType DATE_OF_BIRTH = new FindingType("DATE_OF_BIRTH");
    public static final FindingType SENSITIVE_PERSONAL = new FindingType("SENSITIVE_PERSONAL");
    public static final FindingType CONFIDENTIAL_MARKER = new FindingType("CONFIDENTIAL_MARKER");

    private static final List<FindingType> BUILT_INS = List.of(
            JP_MY_NUMBER, JP_CORPORATE_NUMBER, JP_PASSPORT, JP_DRIVERS_LICENSE, JP_RESIDENCE_CARD,
            JP_RESIDENT_CODE, JP_PENSION_NUMBER, JP_BANK_ACCOUNT, CREDIT_CARD, EMAIL, JP_PHONE,
            JP_POSTAL_CODE, JP_ADDRESS, JP_PERSON_NAME, DATE_OF_BIRTH, SENSITIVE_PERSONAL,
            CONFIDENTIAL_MARKER);

    public FindingType {
        if (id == null) {
            throw new InvalidFieldException("type", "is required");
        }
        if (id.startsWith(CUSTOM_PREFIX)) {
            if (!CUSTOM_NAME.matcher(id.substring(CUSTOM_PREFIX.length())).matches()) {
                throw new InvalidFieldException("type", "'" + id + "' is not a valid custom type: use CUSTOM:<name> with"
                        + " letters, digits, '_', '.' or '-' (at most 64)");
            }
        } else if (!BUILT_IN_SHAPE.matcher(id).matches()) {
            throw new InvalidFieldException("type", "'" + id + "' is not a finding type id: expected upper-case letters,"
                    + " digits and '_' (e.g. JP_MY_NUMBER) or CUSTOM:<name>");
        }
    }

    @JsonCreator
    public static FindingType of(String id) {
        for (FindingType builtIn : BUILT_INS) {
            if (builtIn.id.equals(id)) {
                return builtIn;
            }
        }
        return new FindingType(id);
    }

    /** An administrator-defined type from policy, {@code CUSTOM:<name>}. */
    public static FindingType custom(String name) {
        return new FindingType(CUSTOM_PREFIX + name);
    }

    /** The built-in ids of this build, in the order of the design brief. */
    public static List<FindingType> builtIns() {
        return BUILT_INS;
    }

    public boolean isCustom() {
        return id.startsWith(CUSTOM_PREFIX);
    }

    /** True for the ids this build's classifier knows how to find. */
    public boolean isKnownBuiltIn() {
        return BUILT_INS.contains(this);
    }

    /** The name after {@code CUSTOM:}; only for custom types. */
    public String customName() {
        if (!isCustom()) {
            throw new IllegalStateException(id + " is not a custom finding type");
        }
        return id.substring(CUSTOM_PREFIX.length());
    }

    @JsonValue
    @Override
    public String id() {
        return id;
    }

    @Override
    public int compareTo(FindingType other) {
        return id.compareTo(other.id);
    }

    @Override
    public String toString() {
        return id;
    }
}
