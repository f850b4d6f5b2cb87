package io.mamori.agent.copy;

import io.mamori.agent.media.FileActivity;
import io.mamori.classifier.Classification;
import io.mamori.classifier.Classifier;
import io.mamori.classifier.inspect.Inspector;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.InspectionStatus;
import io.mamori.protocol.policy.Decision;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.policy.PolicyEngine;
import io.mamori.protocol.policy.Subject;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * A large file's first look: its beginning ({@value #CHARS} characters) is inspected before the
 * whole. Findings only grow with more text, so a rule that quarantines on the beginning quarantines
 * on the whole file too: the file is taken off the device at once, and the whole is classified
 * afterwards, for the record, from the quarantined copy. This keeps a 10 MB roster within the
 * decision-latency target (docs/architecture.md, Decisions).
 */
final class FirstLook {

    /** Files larger than this get a first look. */
    static final long ABOVE_BYTES = 1024 * 1024;
    /** How much text the first look reads. */
    static final int CHARS = 256 * 1024;

    /**
     * What the first look found.
     *
     * @param sha256      the file's content hash (hashed once, here)
     * @param whole       the whole file's classification, when its text fitted in the look (or the index knew it)
     * @param decision    what the beginning alone decided, when it quarantines
     * @param quarantined how taking it off the device ended, when it was; null when the whole must be read first
     */
    record Look(String sha256, Classification whole, Decision decision, QuarantineStep.Outcome quarantined) {
    }

    private final Inspector inspector;
    private final QuarantineStep quarantine;
    private final CopyEvents events;
    private final MountedVolumes volumes;

    FirstLook(Inspector inspector, QuarantineStep quarantine, CopyEvents events, MountedVolumes volumes) {
        this.inspector = inspector;
        this.quarantine = quarantine;
        this.events = events;
        this.volumes = volumes;
    }

    /** The first look at a large file; empty when the file was gone before it could be read (recorded). */
    Optional<Look> take(FileActivity.FileWritten written, UUID eventId, UUID operationId, Policy policy, Subject subject) {
        String sha256;
        try {
            sha256 = Classifier.sha256(written.path());
        } catch (IOException e) {
            events.gone(written, operationId, "before it could be inspected", volumes.watched(written.volume()));
            return Optional.empty();
        }
        Classification first = inspector.glance(written.path(), sha256, CHARS);
        if (first.status() != InspectionStatus.TOO_LARGE) {
            return Optional.of(new Look(sha256, first, null, null)); // its text fitted: this is the whole file
        }
        ClassificationSummary partial = new ClassificationSummary(InspectionStatus.OK, null, first.mediaType(),
                first.summaries(Confidence.LOW), first.people(), first.reportable());
        Decision decided = PolicyEngine.decideFile(policy, subject, partial, sha256);
        if (!CopyPolicy.quarantines(decided.action())) {
            return Optional.of(new Look(sha256, null, null, null));
        }
        return Optional.of(new Look(sha256, null, decided, quarantine.put(written, eventId, operationId, sha256, decided, partial)));
    }
}
