package io.mamori.agent.copy;

import io.mamori.agent.media.FileActivity;
import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.ClassificationSummary;
import io.mamori.protocol.finding.Confidence;
import io.mamori.protocol.finding.FindingSummary;
import io.mamori.protocol.finding.FindingType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the employee is told about the files of one copy: how many, and how many findings of each
 * type at MEDIUM or above (counts only). Guarded by its owner's lock.
 */
final class CopyTally {

    final DeviceIdentity device;
    /** The user id of the process that wrote the files, when known: they are told. */
    final Long uid;
    final Map<FindingType, Integer> findings = new LinkedHashMap<>();
    int files;

    CopyTally(FileActivity.FileWritten first) {
        this.device = first.volume().identity();
        this.uid = first.actor() == null ? null : first.actor().uid();
    }

    void add(ClassificationSummary summary) {
        files++;
        for (FindingSummary finding : summary.findings()) {
            if (finding.confidence().isAtLeast(Confidence.MEDIUM)) {
                findings.merge(finding.type(), finding.count(), Integer::sum);
            }
        }
    }
}
