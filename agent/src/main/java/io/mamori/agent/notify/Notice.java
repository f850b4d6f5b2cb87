package io.mamori.agent.notify;

import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.Action;
import java.util.Map;
import java.util.UUID;

/** Something the employee at the machine should be told, in their language. */
public sealed interface Notice permits Notice.DeviceMounted, Notice.Copy {

    /** The message key of the text (notices.properties; a policy may replace it). */
    String key();

    /**
     * A removable device was mounted and decided.
     *
     * @param device   the device
     * @param action   the device-level decision
     * @param approved whether it counts as approved
     * @param wouldStop files the background indexer already knows that policy would block or hold on
     *                 this device, by the user id of their owner (the pre-copy warning; empty when none)
     */
    record DeviceMounted(DeviceIdentity device, Action action, boolean approved, Map<Long, Integer> wouldStop)
            implements Notice {
        public DeviceMounted {
            wouldStop = Map.copyOf(wouldStop);
        }

        @Override
        public String key() {
            return switch (action) {
                case READ_ONLY -> "device.mounted.read-only";
                case DENY -> "device.mounted.blocked";
                default -> approved ? "device.mounted.approved" : "device.mounted.unapproved";
            };
        }
    }

    /**
     * Files of one copy operation were warned about, held or blocked.
     *
     * @param operationId the copy operation
     * @param device      the device copied to
     * @param action      WARN, WARN_OVERRIDE or BLOCK
     * @param files       how many files
     * @param findings    finding type → how many (counts only: values never leave the classifier)
     * @param uid         the user id of the process that wrote the files, when known: they are told
     */
    record Copy(UUID operationId, DeviceIdentity device, Action action, int files, Map<FindingType, Integer> findings,
            Long uid) implements Notice {
        public Copy {
            findings = Map.copyOf(findings);
        }

        @Override
        public String key() {
            return switch (action) {
                case BLOCK -> "copy.blocked";
                case WARN_OVERRIDE -> "copy.held";
                default -> "copy.warned";
            };
        }
    }
}
