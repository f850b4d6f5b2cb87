package io.mamori.agent.testing;

/**
 * Made-up personal data for tests: 個人番号 (My Number) that pass the check digit, each from a
 * seed, in a short document with the keyword that makes the classifier sure (HIGH).
 */
public final class SyntheticPersonalData {

    private SyntheticPersonalData() {
    }

    /** Twelve digits, the last a valid check digit (番号法施行規則: Pn·Qn with n counted from the right). */
    public static String myNumber(long seed) {
        String body = String.format("%011d", Math.floorMod(seed * 7_919L + 31_337L, 100_000_000_000L));
        int sum = 0;
        for (int n = 1; n <= 11; n++) {
            int p = body.charAt(11 - n) - '0';
            int q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }
        int remainder = sum % 11;
        return body + (remainder <= 1 ? 0 : 11 - remainder);
    }

    /** A short staff record with one made-up My Number next to its keyword. */
    public static String staffRecord(long seed) {
        return "従業員台帳（試験用の架空データ）\n氏名：試験 太郎\n個人番号：" + myNumber(seed) + "\n";
    }
}
