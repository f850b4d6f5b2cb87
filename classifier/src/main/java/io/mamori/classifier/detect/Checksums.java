package io.mamori.classifier.detect;

/** Check-digit rules of the identifiers that have one. Arguments are strings of ASCII digits. */
public final class Checksums {

    private static final int[] MY_NUMBER_WEIGHTS = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    private static final int[] LICENSE_WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private Checksums() {
    }

    /**
     * 個人番号 (番号法施行規則 第5条): Σ Pn·Qn over the first 11 digits with weights 6,5,4,3,2,7,6,5,4,3,2;
     * r = Σ mod 11; the check digit is 0 when r ≤ 1, else 11 − r.
     */
    public static boolean myNumber(String digits) {
        if (digits.length() != 12) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            sum += (digits.charAt(i) - '0') * MY_NUMBER_WEIGHTS[i];
        }
        int r = sum % 11;
        int check = r <= 1 ? 0 : 11 - r;
        return digits.charAt(11) - '0' == check;
    }

    /**
     * 法人番号: the check digit comes first; over the other 12 digits counted from the right,
     * Q = 1 at odd and 2 at even positions; check = 9 − (Σ P·Q mod 9).
     */
    public static boolean corporateNumber(String digits) {
        if (digits.length() != 13) {
            return false;
        }
        int sum = 0;
        for (int n = 1; n <= 12; n++) {
            int p = digits.charAt(13 - n) - '0';
            sum += p * (n % 2 == 1 ? 1 : 2);
        }
        return digits.charAt(0) - '0' == 9 - (sum % 9);
    }

    /** The Luhn (mod 10) check of payment card numbers. */
    public static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /**
     * 運転免許証番号: the 11th digit as commonly documented, (11 − Σ(5,4,3,2,7,6,5,4,3,2)·dᵢ mod 11)
     * mod 10 over the first ten digits. The police do not publish the rule, so it only ever adds
     * evidence; a licence number is never refused for failing it.
     */
    public static boolean driversLicense(String digits) {
        if (digits.length() != 12) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (digits.charAt(i) - '0') * LICENSE_WEIGHTS[i];
        }
        return digits.charAt(10) - '0' == (11 - sum % 11) % 10;
    }

    /** The first two digits of a licence number: the issuing 公安委員会 (10 北海道 … 97 沖縄). */
    public static boolean licenseIssuer(String digits) {
        int code = Integer.parseInt(digits.substring(0, 2));
        return switch (code / 10) {
            case 1 -> code <= 14;
            case 2 -> code <= 25;
            case 3 -> code == 30;
            case 4 -> code <= 49;
            case 5 -> code <= 55;
            case 6 -> code <= 65;
            case 7 -> code <= 74;
            case 8 -> code <= 83;
            case 9 -> code <= 97;
            default -> false;
        };
    }
}
