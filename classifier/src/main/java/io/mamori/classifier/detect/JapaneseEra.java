package io.mamori.classifier.detect;

import java.time.LocalDate;

/**
 * The Japanese eras a living person's birth date can be written in, with the exact days each
 * began and ended: 令和元年 starts on 2019-05-01, so 令和元年4月 does not exist; 平成 ends in its
 * 31st year, 昭和 in its 64th (on 7 January), 大正 in its 15th, 明治 in its 45th.
 */
public enum JapaneseEra {
    MEIJI("明治", 'M', LocalDate.of(1868, 1, 1), LocalDate.of(1912, 7, 29)),
    TAISHO("大正", 'T', LocalDate.of(1912, 7, 30), LocalDate.of(1926, 12, 24)),
    SHOWA("昭和", 'S', LocalDate.of(1926, 12, 25), LocalDate.of(1989, 1, 7)),
    HEISEI("平成", 'H', LocalDate.of(1989, 1, 8), LocalDate.of(2019, 4, 30)),
    REIWA("令和", 'R', LocalDate.of(2019, 5, 1), LocalDate.MAX);

    private final String kanji;
    private final char letter;
    private final LocalDate first;
    private final LocalDate last;

    JapaneseEra(String kanji, char letter, LocalDate first, LocalDate last) {
        this.kanji = kanji;
        this.letter = letter;
        this.first = first;
        this.last = last;
    }

    public String kanji() {
        return kanji;
    }

    public static JapaneseEra byKanji(String name) {
        for (JapaneseEra era : values()) {
            if (era.kanji.equals(name)) {
                return era;
            }
        }
        return null;
    }

    public static JapaneseEra byLetter(char c) {
        char upper = Character.toUpperCase(c);
        for (JapaneseEra era : values()) {
            if (era.letter == upper) {
                return era;
            }
        }
        return null;
    }

    /** The Gregorian date of an era date, or null when it does not exist in this era. */
    public LocalDate toDate(int eraYear, int month, int day) {
        if (eraYear < 1) {
            return null;
        }
        LocalDate date = Dates.of(first.getYear() + eraYear - 1, month, day);
        if (date == null || date.isBefore(first) || date.isAfter(last)) {
            return null;
        }
        return date;
    }
}
