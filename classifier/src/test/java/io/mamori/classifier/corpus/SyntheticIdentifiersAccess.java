package io.mamori.classifier.corpus;

import java.util.Random;

/** Lets tests in other packages draw identifiers from the corpus generator. */
public final class SyntheticIdentifiersAccess {

    private final SyntheticIdentifiers ids;

    public SyntheticIdentifiersAccess(Random random) {
        this.ids = new SyntheticIdentifiers(random);
    }

    public String myNumber() {
        return ids.myNumber();
    }

    public String invalidMyNumber() {
        return ids.invalidMyNumber();
    }

    public String corporateNumber() {
        return ids.corporateNumber();
    }

    public String invalidCorporateNumber() {
        return ids.invalidCorporateNumber();
    }

    public String card() {
        return ids.card(false);
    }

    public String driversLicense() {
        return ids.driversLicense();
    }
}
