package io.mamori.classifier.corpus;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Synthetic identifiers for the test corpus: valid ones (their check digits computed here,
 * independently of the classifier's own code) and near-misses that must not be detected. Every
 * value comes from a seeded random source; none belongs to anybody.
 */
final class SyntheticIdentifiers {

    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int[] LICENSE_ISSUERS = {10, 11, 20, 22, 30, 40, 43, 44, 45, 49, 54, 61, 62, 63, 73, 90, 97};

    private final Random random;

    SyntheticIdentifiers(Random random) {
        this.random = random;
    }

    String digits(int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    /** 個人番号 with the check digit of 番号法施行規則 第5条. */
    String myNumber() {
        String body = digits(11);
        return body + myNumberCheck(body);
    }

    /** Twelve digits whose last digit is wrong. */
    String invalidMyNumber() {
        String body = digits(11);
        int check = myNumberCheck(body);
        return body + (check + 1 + random.nextInt(9)) % 10;
    }

    static int myNumberCheck(String body) {
        // Pn·Qn with n counted from the right: Qn = n + 1 for n ≤ 6, n − 5 for 7 ≤ n ≤ 11
        int sum = 0;
        for (int n = 1; n <= 11; n++) {
            int p = body.charAt(11 - n) - '0';
            int q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }
        int remainder = sum % 11;
        return remainder <= 1 ? 0 : 11 - remainder;
    }

    /** 法人番号: a leading check digit over twelve digits. */
    String corporateNumber() {
        String body = digits(12);
        return corporateCheck(body) + body;
    }

    String invalidCorporateNumber() {
        String body = digits(12);
        int check = corporateCheck(body);
        return (check + 1 + random.nextInt(8)) % 10 + body;
    }

    static int corporateCheck(String body) {
        int odd = 0;
        int even = 0;
        for (int i = 0; i < 12; i++) {
            int p = body.charAt(11 - i) - '0';
            if (i % 2 == 0) {
                odd += p;
            } else {
                even += p;
            }
        }
        return 9 - (odd + 2 * even) % 9;
    }

    /** A card number of a real issuer's shape with a valid Luhn digit, written 4-4-4-4 (Amex 4-6-5). */
    String card(boolean grouped) {
        String[] prefixes = {"4", "51", "53", "55", "2221", "3528", "3566", "3589", "37", "6011"};
        String prefix = prefixes[random.nextInt(prefixes.length)];
        int length = prefix.equals("37") ? 15 : 16;
        String body = prefix + digits(length - 1 - prefix.length());
        String number = body + luhnCheck(body);
        if (!grouped) {
            return number;
        }
        if (length == 15) {
            return number.substring(0, 4) + "-" + number.substring(4, 10) + "-" + number.substring(10);
        }
        return number.substring(0, 4) + "-" + number.substring(4, 8) + "-" + number.substring(8, 12) + "-"
                + number.substring(12);
    }

    /** Sixteen digits starting like a Visa card, with the Luhn digit wrong. */
    String invalidCard() {
        String body = "4" + digits(14);
        int check = luhnCheck(body);
        String number = body + (check + 1 + random.nextInt(9)) % 10;
        return number.substring(0, 4) + "-" + number.substring(4, 8) + "-" + number.substring(8, 12) + "-"
                + number.substring(12);
    }

    static int luhnCheck(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    String mobilePhone() {
        return List.of("090", "080", "070").get(random.nextInt(3)) + "-" + digits(4) + "-" + digits(4);
    }

    String fixedPhone() {
        return switch (random.nextInt(4)) {
            case 0 -> "03-" + (1 + random.nextInt(9)) + digits(3) + "-" + digits(4);
            case 1 -> "06-" + (1 + random.nextInt(9)) + digits(3) + "-" + digits(4);
            case 2 -> "0" + (4 + random.nextInt(5)) + (1 + random.nextInt(9)) + "-" + (1 + random.nextInt(9)) + digits(2)
                    + "-" + digits(4);
            default -> "0" + (1 + random.nextInt(9)) + (1 + random.nextInt(9)) + (1 + random.nextInt(9)) + "-"
                    + (1 + random.nextInt(9)) + digits(1) + "-" + digits(4);
        };
    }

    String tollFree() {
        return "0120-" + digits(3) + "-" + digits(3);
    }

    /** 運転免許証番号: issuer, year, six digits, the commonly documented check digit, reissue count 0. */
    String driversLicense() {
        String first = String.format("%02d%02d", LICENSE_ISSUERS[random.nextInt(LICENSE_ISSUERS.length)],
                random.nextInt(100)) + digits(6);
        int[] weights = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (first.charAt(i) - '0') * weights[i];
        }
        return first + (11 - sum % 11) % 10 + "0";
    }

    String passport() {
        return "" + LETTERS.charAt(random.nextInt(26)) + LETTERS.charAt(random.nextInt(26)) + digits(7);
    }

    String residenceCard() {
        return "" + LETTERS.charAt(random.nextInt(26)) + LETTERS.charAt(random.nextInt(26)) + digits(8)
                + LETTERS.charAt(random.nextInt(26)) + LETTERS.charAt(random.nextInt(26));
    }

    String pensionNumber() {
        return digits(4) + "-" + digits(6);
    }

    String residentCode() {
        return digits(11);
    }

    String bankAccount() {
        return digits(7);
    }

    String postalCode() {
        return (1 + random.nextInt(9)) + digits(2) + "-" + digits(4);
    }

    LocalDate birthDate() {
        return LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 64));
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
