package io.mamori.classifier.detect;

import java.time.DateTimeException;
import java.time.LocalDate;

/** Calendar checks for detected dates. */
final class Dates {

    private Dates() {
    }

    /** The date, or null when it does not exist (30 February, month 13 …). */
    static LocalDate of(int year, int month, int day) {
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
