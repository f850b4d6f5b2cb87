package io.mamori.agent.notify;

import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.OverrideReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The question of a held (WARN_OVERRIDE) copy: one per copy operation, whatever the number of files.
 *
 * @param operationId the copy operation
 * @param device      the device copied to
 * @param files       the held files, as named on the device
 * @param findings    finding type → how many, over all the files (counts only)
 * @param reasons     the reasons the administrator offers
 * @param due         when the files stay blocked if nobody has answered
 * @param uid         the user id of the process that wrote the files, when known: they are asked
 */
public record HeldCopy(UUID operationId, DeviceIdentity device, List<String> files, Map<FindingType, Integer> findings,
        List<OverrideReason> reasons, Instant due, Long uid) {

    public HeldCopy {
        files = List.copyOf(files);
        findings = Map.copyOf(findings);
        reasons = List.copyOf(reasons);
    }
}
