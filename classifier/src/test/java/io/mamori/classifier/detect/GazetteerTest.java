package io.mamori.classifier.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GazetteerTest {

    private final Gazetteer gazetteer = Gazetteer.instance();

    @Test
    void theLongestNameEndingAtAPlaceIsFound() {
        char[] text = "住所：札幌市北区北7条".toCharArray();
        int end = "住所：札幌市北区".length();
        int[] found = gazetteer.endingAt(text, end, 0);
        assertThat(found).isNotNull();
        assertThat(new String(text, found[0], end - found[0])).isEqualTo("札幌市北区");
        assertThat(gazetteer.municipality(found[1])).isEqualTo("札幌市北区");
        // a floor that cuts the longer name off leaves none that fits ("北区" alone is a ward of many cities)
        int[] shorter = gazetteer.endingAt(text, end, end - 2);
        assertThat(shorter == null ? null : gazetteer.municipality(shorter[1])).isIn(null, "北区");
    }

    @Test
    void theLongestNameStartingAtAPlaceIsFound() {
        char[] text = "東京都新宿区西新宿2-8-1".toCharArray();
        int[] found = gazetteer.startingAt(text, 3, text.length);
        assertThat(found).isNotNull();
        assertThat(new String(text, 3, found[0] - 3)).isEqualTo("新宿区");
        assertThat(gazetteer.startingAt(text, 3, 4)).isNull();
        assertThat(gazetteer.startingAt(text, 3, 3)).isNull();
    }

    @Test
    void textThatHoldsNoMunicipalityFindsNone() {
        char[] text = "お問い合わせ窓口の営業時間区".toCharArray();
        assertThat(gazetteer.endingAt(text, text.length, 0)).isNull();
        assertThat(gazetteer.startingAt(text, 0, text.length)).isNull();
    }

    @Test
    void everyNameIsFoundWhereItStandsAlone() {
        for (String name : gazetteer.municipalityNames()) {
            char[] text = ("〒" + name + "1").toCharArray();
            int[] ending = gazetteer.endingAt(text, 1 + name.length(), 1);
            assertThat(ending).as(name).isNotNull();
            assertThat(gazetteer.municipality(ending[1])).as(name).isEqualTo(name);
            int[] starting = gazetteer.startingAt(text, 1, 1 + name.length());
            assertThat(starting).as(name).isNotNull();
            assertThat(gazetteer.municipality(starting[1])).as(name).isEqualTo(name);
        }
    }
}
