package io.mamori.agent.copy;

import io.mamori.agent.AgentEvents;
import io.mamori.agent.log.EventRecorder;
import io.mamori.agent.media.FileActivity;
import io.mamori.agent.media.Volume;
import io.mamori.agent.notify.Answer;
import io.mamori.agent.quarantine.QuarantinedFile;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.event.Event;
import io.mamori.protocol.event.EventIds;
import io.mamori.protocol.event.EventKind;
import io.mamori.protocol.event.FileRef;
import io.mamori.protocol.event.UserResponse;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.policy.Decision;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of a copy, made here and handed to the operation log: every step of the guard records
 * through this one room, so an event's shape is decided in one place. Details are cut at 2,000
 * characters.
 */
final class CopyEvents {

    private static final Logger LOG = LoggerFactory.getLogger(CopyEvents.class);
    private static final int MAX_DETAIL = 2000;

    private final AgentEvents agent;
    private final EventRecorder recorder;
    private final Clock clock;

    CopyEvents(AgentEvents agent, EventRecorder recorder, Clock clock) {
        this.agent = agent;
        this.recorder = recorder;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    void deviceMounted(Volume volume, Decision decision) {
        record(EventKind.DEVICE_MOUNTED, volume.identity(), null, null, decision, null, null,
                volume.mount().mountPoint() + " mounted (" + volume.mount().fsType() + ")");
    }

    /** A device refused before it was mounted (the OS asked first): recorded as mounted with its DENY decision. */
    void deviceRefused(DeviceIdentity device, Decision decision) {
        record(EventKind.DEVICE_MOUNTED, device, null, null, decision, null, null, "refused before it was mounted");
    }

    /**
     * A device still mounted was decided again and its decision changed (issue 23): recorded as
     * mounted with the new decision, the detail saying why, as the closed set of kinds requires.
     */
    void deviceDecidedAgain(Volume volume, Decision decision, String why) {
        record(EventKind.DEVICE_MOUNTED, volume.identity(), null, null, decision, null, null,
                volume.mount().mountPoint() + " " + Event.DECIDED_AGAIN_WHILE_MOUNTED + why);
    }

    void deviceUnmounted(Volume volume) {
        record(EventKind.DEVICE_UNMOUNTED, volume.identity(), null, null, null, null, null, volume.mount().mountPoint() + " unmounted");
    }

    /** A step could not be carried out; {@code written} and {@code operationId} when it was about a file. */
    void enforcementFailed(DeviceIdentity device, FileActivity.FileWritten written, UUID operationId, String detail) {
        record(EventKind.ENFORCEMENT_FAILED, device, written, null, null, operationId, null, detail);
    }

    /** The file was gone before its decision could be carried out. */
    void gone(FileActivity.FileWritten written, UUID operationId, String when, boolean stillMounted) {
        String why = stillMounted ? "the file was deleted or renamed " + when : "the device was removed " + when;
        LOG.info("{}: {}", written.path(), why);
        enforcementFailed(written.volume().identity(), written, operationId, written.path() + ": " + why + "; nothing left to decide");
    }

    /** The file's record: where it was written, what it holds, what was decided. */
    void fileWritten(UUID eventId, FileActivity.FileWritten written, long size, String sha256, ClassificationSummary summary,
            Decision decision, UUID operationId, String detail) {
        recorder.record(new Event(eventId, agent.agentId(), written.at(), EventKind.FILE_WRITTEN, agent.host(), written.actor(),
                written.volume().identity(), new FileRef(written.path().toString(), volumePath(written), size, sha256), summary,
                decision, operationId, null, detail));
    }

    /** The record of a file whose quarantine failed: decided, but still on the device. */
    void fileWrittenNotQuarantined(FileActivity.FileWritten written, String sha256, Decision decision, UUID operationId,
            ClassificationSummary summary) {
        record(EventKind.FILE_WRITTEN, written.volume().identity(), written,
                new FileRef(written.path().toString(), volumePath(written), 0, sha256), decision, operationId, summary, null);
    }

    /** The employee's answer to a held copy (or its time-out). */
    void userResponse(UUID operationId, DeviceIdentity device, Answer answer, int files, String detail) {
        recorder.record(new Event(EventIds.next(), agent.agentId(), clock.instant(), EventKind.USER_RESPONSE, agent.host(),
                answer.person(), device, null, null, null, operationId,
                new UserResponse(answer.outcome(), answer.reasonId(), answer.reasonText(), clock.instant(), files), detail));
    }

    /** A quarantined file written back to {@code written}. */
    void released(QuarantinedFile file, Path written, String detail) {
        record(EventKind.FILE_RELEASED, file.origin().device(), null, new FileRef(written.toString(), file.origin().volumePath(),
                file.size(), file.sha256()), null, file.origin().operationId(), null, detail);
    }

    /** A quarantined file destroyed. */
    void purged(QuarantinedFile file, String detail) {
        record(EventKind.FILE_PURGED, file.origin().device(), null, new FileRef(file.origin().originalPath().toString(),
                file.origin().volumePath(), file.size(), file.sha256()), null, file.origin().operationId(), null, detail);
    }

    private void record(EventKind kind, DeviceIdentity device, FileActivity.FileWritten written, FileRef file, Decision decision,
            UUID operationId, ClassificationSummary summary, String detail) {
        FileRef ref = file;
        if (ref == null && written != null) {
            ref = new FileRef(written.path().toString(), volumePath(written), 0, null);
        }
        recorder.record(new Event(EventIds.next(), agent.agentId(), clock.instant(), kind, agent.host(),
                written == null ? null : written.actor(), device, ref, summary, decision, operationId, null,
                detail == null ? null : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail));
    }

    /** The file's path on its volume, with {@code /} separators; null if it does not lie under the mount point. */
    static String volumePath(FileActivity.FileWritten written) {
        Path mountPoint = written.volume().mount().mountPoint();
        if (!written.path().startsWith(mountPoint) || written.path().equals(mountPoint)) {
            return null;
        }
        return mountPoint.relativize(written.path()).toString().replace(File.separatorChar, '/');
    }
}
