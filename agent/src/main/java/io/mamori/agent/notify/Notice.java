package io.mamori.agent.notify;

import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.finding.FindingType;
import io.mamori.protocol.policy.Action;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Something the employee at the machine should be told, in their language. */
public sealed interface Notice permits Notice.DeviceMounted, Notice.DeviceChanged, Notice.Copy, Notice.PatchBehind,
        Notice.RequestAnswered {

    /** The message key of the text (notices.properties; a policy may replace it). */
    String key();

    /** Whether the desktop should show it as an error (a device cut off, files blocked) rather than as information. */
    default boolean urgent() {
        return false;
    }

    /**
     * Whether it is for one person only (their copy, their request) rather than everyone at the
     * screen; {@link #person()} is then their user id, null when it is not known.
     */
    default boolean forOnePerson() {
        return false;
    }

    /** The user id of the one person it is for, when known. */
    default Long person() {
        return null;
    }

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

        @Override
        public boolean urgent() {
            return action == Action.DENY;
        }
    }

    /**
     * A device still mounted was decided again, and its decision changed: an exception granted,
     * revoked or expired, or a new policy (issue 23).
     *
     * @param device the device
     * @param action the new device-level decision
     * @param until  when the exception that made it writable ends; null when no exception did
     */
    record DeviceChanged(DeviceIdentity device, Action action, Instant until) implements Notice {
        @Override
        public String key() {
            return switch (action) {
                case READ_ONLY -> "device.changed.read-only";
                case DENY -> "device.changed.blocked";
                default -> until != null ? "device.changed.writable-until" : "device.changed.writable";
            };
        }

        @Override
        public boolean urgent() {
            return action == Action.DENY;
        }
    }

    /**
     * What became of the employee's request to use a device (issue 23).
     *
     * @param device  the device asked for
     * @param outcome approved, denied, or not sent (the console refused it)
     * @param until   when the approval ends (approved only)
     * @param comment the reviewer's words, if any
     * @param uid     who asked: they are told (null: everyone at the screen)
     */
    record RequestAnswered(DeviceIdentity device, Outcome outcome, Instant until, String comment, Long uid) implements Notice {

        /** What became of it. */
        public enum Outcome { APPROVED, DENIED, NOT_SENT }

        @Override
        public String key() {
            return switch (outcome) {
                case APPROVED -> "request.approved";
                case DENIED -> "request.denied";
                case NOT_SENT -> "request.not-sent";
            };
        }

        @Override
        public boolean urgent() {
            return outcome != Outcome.APPROVED;
        }

        @Override
        public boolean forOnePerson() {
            return true;
        }

        @Override
        public Long person() {
            return uid;
        }
    }

    /**
     * Files of one copy operation were warned about or blocked. (Held files are not a notice: the
     * person is asked about them, {@link HeldCopy}.)
     *
     * @param operationId the copy operation
     * @param device      the device copied to
     * @param action      WARN or BLOCK
     * @param files       how many files
     * @param findings    finding type → how many (counts only: values never leave the classifier)
     * @param uid         the user id of the process that wrote the files, when known: they are told
     */
    record Copy(UUID operationId, DeviceIdentity device, Action action, int files, Map<FindingType, Integer> findings,
            Long uid) implements Notice {
        public Copy {
            if (action != Action.WARN && action != Action.BLOCK) {
                throw new IllegalArgumentException("a copy notice is for WARN or BLOCK, not " + action);
            }
            findings = Map.copyOf(findings);
        }

        @Override
        public String key() {
            return action == Action.BLOCK ? "copy.blocked" : "copy.warned";
        }

        @Override
        public boolean urgent() {
            return action == Action.BLOCK;
        }

        @Override
        public boolean forOnePerson() {
            return true;
        }

        @Override
        public Long person() {
            return uid;
        }
    }

    /**
     * This machine is out of patch compliance (its policy's thresholds): the person is told what to
     * do. Told to everyone at the screen, at most once a day ({@code patch.PatchReminder}).
     *
     * @param what             what to do: install updates, restart, or have the OS upgraded
     * @param securityUpdates  security updates waiting
     * @param daysBehind       days since the last security update, or a restart has waited (0 when not known)
     */
    record PatchBehind(PatchAction what, int securityUpdates, long daysBehind) implements Notice {

        /** What the person can do about it. */
        public enum PatchAction { INSTALL_UPDATES, RESTART, UPGRADE_OS }

        @Override
        public String key() {
            return switch (what) {
                case INSTALL_UPDATES -> "patch.install-updates";
                case RESTART -> "patch.restart";
                case UPGRADE_OS -> "patch.upgrade-os";
            };
        }
    }
}
