package io.mamori.classifier.detect;

import io.mamori.classifier.extract.TableLayout;
import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.finding.ReportableTrigger;
import io.mamori.protocol.policy.CustomDetectorSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every detector over one text, resolves numbers claimed by two detectors, and estimates
 * how many people the text covers and which APPI reporting triggers apply.
 */
public final class Detectors {

    /** Types a number or date can be; one span of digits is only ever one of them. */
    private static final Map<FindingType, KeywordFamily> NUMERIC_TYPES = new HashMap<>();
    private static final Map<FindingType, Integer> PRIORITY = new HashMap<>();

    static {
        Object[][] table = {
                {FindingType.JP_MY_NUMBER, KeywordFamily.MY_NUMBER, 9},
                {FindingType.CREDIT_CARD, KeywordFamily.CREDIT_CARD, 8},
                {FindingType.JP_CORPORATE_NUMBER, KeywordFamily.CORPORATE_NUMBER, 7},
                {FindingType.JP_DRIVERS_LICENSE, KeywordFamily.DRIVERS_LICENSE, 6},
                {FindingType.JP_PASSPORT, KeywordFamily.PASSPORT, 6},
                {FindingType.JP_RESIDENCE_CARD, KeywordFamily.RESIDENCE_CARD, 6},
                {FindingType.JP_RESIDENT_CODE, KeywordFamily.RESIDENT_CODE, 5},
                {FindingType.JP_PENSION_NUMBER, KeywordFamily.PENSION_NUMBER, 5},
                {FindingType.JP_BANK_ACCOUNT, KeywordFamily.BANK_ACCOUNT, 4},
                {FindingType.JP_PHONE, KeywordFamily.PHONE, 3},
                {FindingType.DATE_OF_BIRTH, KeywordFamily.DATE_OF_BIRTH, 2},
                {FindingType.JP_POSTAL_CODE, KeywordFamily.POSTAL_CODE, 1},
        };
        for (Object[] row : table) {
            NUMERIC_TYPES.put((FindingType) row[0], (KeywordFamily) row[1]);
            PRIORITY.put((FindingType) row[0], (Integer) row[2]);
        }
    }

    /** Types that identify or describe one person, for counting people. */
    static final Set<FindingType> PERSONAL_TYPES = Set.of(FindingType.JP_PERSON_NAME, FindingType.JP_MY_NUMBER,
            FindingType.JP_PASSPORT, FindingType.JP_DRIVERS_LICENSE, FindingType.JP_RESIDENCE_CARD,
            FindingType.JP_RESIDENT_CODE, FindingType.JP_PENSION_NUMBER, FindingType.JP_BANK_ACCOUNT,
            FindingType.CREDIT_CARD, FindingType.EMAIL, FindingType.JP_PHONE, FindingType.JP_ADDRESS,
            FindingType.DATE_OF_BIRTH);

    private static final List<Detector> FIRST_PASS = List.of(
            new MyNumberDetector(), new CorporateNumberDetector(), new CreditCardDetector(), new DriversLicenseDetector(),
            KeywordRequiredNumberDetector.residentCode(), KeywordRequiredNumberDetector.pensionNumber(),
            new BankAccountDetector(), new PhoneDetector(), new PostalCodeDetector(), LetterCodedIdDetector.passport(),
            LetterCodedIdDetector.residenceCard(), new EmailDetector(), new DateOfBirthDetector(), new AddressDetector(),
            new PersonNameDetector(), new ConfidentialMarkerDetector(), new CustomDetector());
    private static final Detector SENSITIVE = new SensitivePersonalDetector();
    private static final Comparator<Finding> IN_TEXT_ORDER = (a, b) -> a.start() != b.start()
            ? Integer.compare(a.start(), b.start()) : a.type().id().compareTo(b.type().id());

    /** What detection found in one text. */
    public record Result(List<Finding> findings, int people, Set<ReportableTrigger> reportable) {
    }

    /** What one pass over one text found, in text order, and the text's tables as the detectors saw them. */
    public record Pass(List<Finding> findings, TableContext tables) {
    }

    private Detectors() {
    }

    /** Every detector over one text, with the people estimate and the APPI triggers. */
    public static Result run(NormalizedText text, TableLayout layout, List<CustomDetectorSpec> custom, LocalDate today) {
        Pass pass = detect(text, layout, custom, today);
        DetectionTally tally = new DetectionTally().addAll(pass.findings(), pass.tables());
        return new Result(pass.findings(), (int) Math.min(Integer.MAX_VALUE, tally.people()), tally.reportable());
    }

    /** Every detector over one text (or one piece of a longer one). */
    public static Pass detect(NormalizedText text, TableLayout layout, List<CustomDetectorSpec> custom, LocalDate today) {
        DetectionContext context = new DetectionContext(text, layout, custom, today);
        List<Finding> numeric = new ArrayList<>();
        List<Finding> others = new ArrayList<>();
        for (Detector detector : FIRST_PASS) {
            for (Finding finding : detector.detect(text, context)) {
                (NUMERIC_TYPES.containsKey(finding.type()) ? numeric : others).add(finding);
            }
        }
        List<Finding> found = resolveNumbers(numeric, context);
        found.addAll(others);
        context.addFound(found);
        found.addAll(SENSITIVE.detect(text, context));
        found.sort(IN_TEXT_ORDER);
        return new Pass(List.copyOf(found), context.tables());
    }

    /**
     * A span of digits is one thing: the claim whose type matches the closest label wins, then the
     * more confident one, then the more specific type.
     */
    private static List<Finding> resolveNumbers(List<Finding> numeric, DetectionContext context) {
        // Claims overlap only within a cluster of claims that overlap one another; most numbers are
        // a cluster of one, kept as it is. Within a cluster the highest score wins first, ties in
        // their order of arrival, and a claim is kept when it overlaps none kept before it.
        int n = numeric.size();
        long[] byStart = new long[n];
        for (int i = 0; i < n; i++) {
            byStart[i] = ((long) numeric.get(i).start() << 32) | i;
        }
        java.util.Arrays.sort(byStart);
        List<Finding> kept = new ArrayList<>();
        int from = 0;
        while (from < n) {
            int to = from + 1;
            int clusterEnd = numeric.get((int) byStart[from]).end();
            while (to < n && numeric.get((int) byStart[to]).start() < clusterEnd) {
                clusterEnd = Math.max(clusterEnd, numeric.get((int) byStart[to]).end());
                to++;
            }
            if (to - from == 1) {
                kept.add(numeric.get((int) byStart[from]));
            } else {
                int[] indices = new int[to - from];
                for (int k = from; k < to; k++) {
                    indices[k - from] = (int) byStart[k];
                }
                java.util.Arrays.sort(indices); // order of arrival
                List<Finding> cluster = new ArrayList<>(indices.length);
                for (int index : indices) {
                    cluster.add(numeric.get(index));
                }
                kept.addAll(resolveCluster(cluster, context));
            }
            from = to;
        }
        return kept;
    }

    private static java.util.Collection<Finding> resolveCluster(List<Finding> cluster, DetectionContext context) {
        // by identity: a record's hash reads every field, its sample string too
        Map<Finding, Integer> score = new java.util.IdentityHashMap<>(cluster.size() * 2);
        for (Finding finding : cluster) {
            KeywordFamily label = context.closestLabel(finding.start(), finding.end());
            boolean labelMatches = label == NUMERIC_TYPES.get(finding.type())
                    || (finding.type() == FindingType.JP_BANK_ACCOUNT && label == KeywordFamily.BANK_DETAIL);
            score.put(finding, (labelMatches ? 100 : 0) + finding.confidence().ordinal() * 10
                    + PRIORITY.get(finding.type()));
        }
        demoteWeakPartsOfLongerClaims(cluster, score);
        long[] ranked = new long[cluster.size()];
        for (int i = 0; i < ranked.length; i++) {
            ranked[i] = ((long) (Integer.MAX_VALUE - score.get(cluster.get(i))) << 32) | i;
        }
        java.util.Arrays.sort(ranked);
        // winners never overlap each other, so the one starting last before a candidate ends is the
        // only one that can overlap it (a long chain of claims stays n log n)
        java.util.TreeMap<Integer, Finding> winners = new java.util.TreeMap<>();
        for (long rank : ranked) {
            Finding candidate = cluster.get((int) rank);
            Map.Entry<Integer, Finding> before = winners.floorEntry(candidate.end() - 1);
            if (before == null || !before.getValue().overlaps(candidate)) {
                winners.put(candidate.start(), candidate);
            }
        }
        return winners.values();
    }

    /**
     * A space is a weak join, so {@code 4111 1111 1111 1111} also offers {@code 4111 1111 1111}
     * (which could pass as a My Number written 4-4-4). A claim on part of a longer MEDIUM-or-better
     * claim only wins over it when a label says the part is what it claims to be.
     */
    private static void demoteWeakPartsOfLongerClaims(List<Finding> numeric, Map<Finding, Integer> score) {
        List<Finding> byStart = new ArrayList<>(numeric);
        byStart.sort(Comparator.comparingInt(Finding::start));
        for (int w = 0; w < byStart.size(); w++) {
            Finding whole = byStart.get(w);
            if (!whole.confidence().isAtLeast(Confidence.MEDIUM)) {
                continue;
            }
            for (int p = w - 1; p >= 0 && byStart.get(p).start() == whole.start(); p--) {
                demoteIfPart(whole, byStart.get(p), score);
            }
            for (int p = w + 1; p < byStart.size() && byStart.get(p).start() < whole.end(); p++) {
                demoteIfPart(whole, byStart.get(p), score);
            }
        }
    }

    private static void demoteIfPart(Finding whole, Finding part, Map<Finding, Integer> score) {
        boolean inside = whole.start() <= part.start() && whole.end() >= part.end()
                && whole.end() - whole.start() > part.end() - part.start();
        if (inside && score.get(part) < 100 && score.get(part) >= score.get(whole)) {
            score.put(part, score.get(whole) - 1);
        }
    }

}
