package io.mamori.agent.copy;

import io.mamori.agent.media.FileActivity;
import io.mamori.agent.quarantine.QuarantinedFile;
import io.mamori.classifier.Classification;
import io.mamori.classifier.inspect.Inspector;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.Decision;
import io.mamori.protocol.policy.Policy;
import io.mamori.protocol.policy.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision of one written file, start to end: classified (a large file after a
 * {@link FirstLook}), decided by the policy, carried out — {@code AUDIT} and {@code WARN} leave it,
 * {@code BLOCK} and {@code WARN_OVERRIDE} take it into quarantine ({@link QuarantineStep}) — and
 * recorded; then a held file waits for the employee ({@link HeldCopies}) and a warned or blocked one
 * counts towards its copy's notice ({@link CopyNotices}). A file gone before its decision was carried
 * out is recorded as such; the same write reported twice, or the agent's own write back, is not
 * decided again.
 */
final class FileDecisions {

    private static final Logger LOG = LoggerFactory.getLogger(FileDecisions.class);
    /** How many recently decided (path, size, time) triples are remembered, so a second report of the same write is ignored. */
    private static final int RECENT = 10_000;

    private final CopyPolicy policy;
    private final Inspector inspector;
    private final FirstLook firstLook;
    private final QuarantineStep quarantine;
    private final WriteBack writeBack;
    private final HeldCopies held;
    private final CopyNotices notices;
    private final CopyEvents events;
    private final MountedVolumes volumes;
    private final Map<String, Boolean> recent = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT;
        }
    });
    private volatile Consumer<Decided> onDecided = decided -> { };

    FileDecisions(CopyPolicy policy, Inspector inspector, FirstLook firstLook, QuarantineStep quarantine, WriteBack writeBack,
            HeldCopies held, CopyNotices notices, CopyEvents events, MountedVolumes volumes) {
        this.policy = policy;
        this.inspector = inspector;
        this.firstLook = firstLook;
        this.quarantine = quarantine;
        this.writeBack = writeBack;
        this.held = held;
        this.notices = notices;
        this.events = events;
        this.volumes = volumes;
    }

    void onDecided(Consumer<Decided> listener) {
        this.onDecided = listener;
    }

    void decide(FileActivity.FileWritten written, UUID operationId) {
        Path path = written.path();
        Optional<BasicFileAttributes> before = attributes(path);
        if (before.isEmpty()) {
            gone(written, operationId, "before it could be inspected");
            return;
        }
        if (!before.get().isRegularFile()) {
            return; // directories, links and devices carry no content of their own
        }
        String seenKey = path + "\u0000" + before.get().size() + "\u0000" + before.get().lastModifiedTime().toMillis();
        if (recent.putIfAbsent(seenKey, Boolean.TRUE) != null) {
            return; // the same write reported twice (a rename after close, the inotify fallback's rescan)
        }
        Optional<Policy> inForce = policy.current();
        Subject subject = policy.subject(written.volume().identity()); // one look at the exceptions per file
        UUID eventId = EventIds.next();

        FirstLook.Look look = null;
        if (inForce.isPresent() && before.get().size() > FirstLook.ABOVE_BYTES) {
            Optional<FirstLook.Look> taken = firstLook.take(written, eventId, operationId, inForce.get(), subject);
            if (taken.isEmpty()) {
                return; // gone, recorded
            }
            look = taken.get();
        }
        QuarantinedFile early = null;
        Classification classification = look == null ? null : look.whole();
        if (look != null && look.quarantined() != null) {
            if (!(look.quarantined() instanceof QuarantineStep.Stored stored)) {
                stoppedAt(look.quarantined(), written, eventId, operationId, look.decision(), look.sha256());
                return;
            }
            early = stored.file();
            announce(written, eventId, operationId, look.decision().action(), early.sha256());
            classification = quarantine.classifyWhole(early, path);
        }
        if (classification == null) {
            classification = look == null ? inspector.inspect(path) : inspector.inspect(path, look.sha256()); // hashed once
            if (attributes(path).isEmpty()) {
                gone(written, operationId, "while it was being inspected");
                return;
            }
        }
        if (early == null && writeBack.isOwnWrite(path, classification.sha256())) {
            LOG.debug("{} is the agent's own release", path);
            return;
        }

        ClassificationSummary summary = classification.toSummary(Confidence.LOW);
        Decision decision = CopyPolicy.file(inForce, subject, summary, classification.sha256());
        String note = null;
        Optional<Decision> device = volumes.stoppedPerFile(written.volume());
        if (device.isPresent()) {
            // a read-only or refused device the OS could not stop: nothing written to it stays, whatever it holds
            decision = new Decision(Action.BLOCK, device.get().matchedRuleIds(), device.get().exceptionId(),
                    device.get().deviceApproved(), device.get().policyVersion());
            note = "The device is " + device.get().action() + " by policy and could not be made so; every file written to it"
                    + " is quarantined.";
        }
        if (early != null && !CopyPolicy.quarantines(decision.action())) {
            // only a rule on the inspection status can undo a first look's finding; what was done stands
            note = "Quarantined on the first " + FirstLook.CHARS + " characters (" + look.decision().action()
                    + "); the whole file alone would have been " + decision.action() + ".";
            decision = look.decision();
        }
        String sha256 = classification.sha256();
        long size = classification.size();
        if (early != null) {
            sha256 = early.sha256();
            size = early.size();
        } else if (CopyPolicy.quarantines(decision.action())) {
            QuarantineStep.Outcome outcome = quarantine.put(written, eventId, operationId, sha256, decision, summary);
            if (!(outcome instanceof QuarantineStep.Stored stored)) {
                stoppedAt(outcome, written, eventId, operationId, decision, sha256);
                return;
            }
            sha256 = stored.file().sha256();
            size = stored.file().size();
        }
        String detail = detailFor(decision.action(), classification);
        if (note != null) {
            detail = detail == null ? note : detail + " " + note;
        }
        events.fileWritten(eventId, written, size, sha256, summary, decision, operationId, detail);
        if (decision.action() == Action.WARN_OVERRIDE) {
            held.hold(operationId, eventId, written, summary, CopyPolicy.overrideTimeoutSeconds(inForce));
        } else if (decision.action() == Action.WARN || decision.action() == Action.BLOCK) {
            notices.tally(operationId, written, decision.action(), summary);
        }
        LOG.info("{} → {} ({} findings, {}, {} ms{})", path, decision.action(), summary.findings().size(), summary.status(),
                classification.elapsedMs(), early == null ? "" : ", quarantined on a first look");
        if (early == null) {
            announce(written, eventId, operationId, decision.action(), sha256);
        }
    }

    /** The file could not be taken into quarantine (recorded by the step); a failed store still counts as decided. */
    private void stoppedAt(QuarantineStep.Outcome outcome, FileActivity.FileWritten written, UUID eventId, UUID operationId,
            Decision decision, String sha256) {
        if (outcome instanceof QuarantineStep.Failed) {
            announce(written, eventId, operationId, decision.action(), sha256);
        }
    }

    private void announce(FileActivity.FileWritten written, UUID eventId, UUID operationId, Action action, String sha256) {
        onDecided.accept(new Decided(written.path(), eventId, operationId, action, written.at(), events.now(), sha256));
    }

    private void gone(FileActivity.FileWritten written, UUID operationId, String when) {
        events.gone(written, operationId, when, volumes.watched(written.volume()));
    }

    private static String detailFor(Action action, Classification classification) {
        String inspected = classification.status().isComplete() ? "" : " Not fully inspected: " + classification.reason();
        return switch (action) {
            case BLOCK -> "Quarantined: moved off the device into the agent's quarantine store." + inspected;
            case WARN_OVERRIDE -> "Held in quarantine until the employee answers." + inspected;
            default -> inspected.isEmpty() ? null : inspected.strip();
        };
    }

    private static Optional<BasicFileAttributes> attributes(Path path) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
