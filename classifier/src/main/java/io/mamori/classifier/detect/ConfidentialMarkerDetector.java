package io.mamori.classifier.detect;

import io.mamori.classifier.text.NormalizedText;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * Confidentiality markings: 社外秘, 極秘, 部外秘, 関係者外秘, 厳秘, 社内限り … (strong) and 機密, 秘密,
 * Confidential, Internal Only … (weak). What makes a word a marking is how it stands: in brackets
 * (【社外秘】, [Confidential]) or alone on its line (a stamp, a header). Strong markings standing so
 * are HIGH, weak ones MEDIUM; the same words in running text ("社外秘の文書は…") are LOW, and words
 * that merely contain them (機密保持契約, 守秘義務) are not reported.
 */
public final class ConfidentialMarkerDetector implements Detector {

    private static final String OPENERS = "【[(「『〔<《";
    private static final String CLOSERS = "】])」』〕>》";
    /** Symbols that mark a stamp on their own: ■社外秘, ※極秘. */
    private static final String STAMP_SYMBOLS = "■◆●※★㊙";
    private static final int LINE_SLACK = 8;

    @Override
    public List<Finding> detect(NormalizedText text, DetectionContext context) {
        List<Finding> findings = new ArrayList<>();
        KeywordHits notMarkings = context.hits(KeywordFamily.CONFIDENTIAL_NOT_A_MARKING);
        collect(text, context.hits(KeywordFamily.CONFIDENTIAL_STRONG), notMarkings, true, findings);
        collect(text, context.hits(KeywordFamily.CONFIDENTIAL_WEAK), notMarkings, false, findings);
        return findings;
    }

    private static void collect(NormalizedText text, KeywordHits hits, KeywordHits notMarkings, boolean strong,
            List<Finding> findings) {
        int lastEnd = -1;
        for (int h = 0; h < hits.size(); h++) {
            int start = hits.start(h);
            int end = hits.end(h);
            if (start < lastEnd || notMarkings.anyWithin(start, end)) {
                continue;
            }
            lastEnd = end;
            boolean standing = bracketed(text, start, end) || aloneOnLine(text, start, end);
            Confidence confidence = standing ? (strong ? Confidence.HIGH : Confidence.MEDIUM) : Confidence.LOW;
            String marker = text.substring(start, end);
            findings.add(new Finding(FindingType.CONFIDENTIAL_MARKER, confidence, start, end, marker,
                    ValueKeys.of(marker.toLowerCase(java.util.Locale.ROOT))));
        }
    }

    private static boolean bracketed(NormalizedText text, int start, int end) {
        int before = start - 1;
        while (before >= 0 && text.charAt(before) == ' ') {
            before--;
        }
        int after = end;
        while (after < text.length() && text.charAt(after) == ' ') {
            after++;
        }
        boolean opened = before >= 0 && OPENERS.indexOf(text.charAt(before)) >= 0;
        boolean closed = after < text.length() && CLOSERS.indexOf(text.charAt(after)) >= 0;
        boolean stamped = before >= 0 && STAMP_SYMBOLS.indexOf(text.charAt(before)) >= 0;
        return (opened && closed) || stamped;
    }

    /** The marking is (nearly) all there is on its line, as a stamp or a header is. */
    private static boolean aloneOnLine(NormalizedText text, int start, int end) {
        int lineStart = start;
        while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\t') {
            lineStart--;
        }
        int lineEnd = end;
        while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\t') {
            lineEnd++;
        }
        int other = 0;
        for (int i = lineStart; i < lineEnd; i++) {
            if ((i < start || i >= end) && !Character.isWhitespace(text.charAt(i))) {
                other++;
            }
        }
        return other <= LINE_SLACK;
    }
}
