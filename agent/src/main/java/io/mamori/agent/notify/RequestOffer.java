package io.mamori.agent.notify;

import io.mamori.protocol.device.DeviceIdentity;
import io.mamori.protocol.policy.Action;
import io.mamori.protocol.policy.OverrideReason;
import java.time.Instant;
import java.util.List;

/**
 * The offer, at the desktop, to ask for the use of a device policy restricts (issue 23): shown
 * with the notice that the device is read-only or refused, open until {@code due}.
 *
 * @param device  the device
 * @param action  READ_ONLY or DENY
 * @param reasons the reasons the administrator offers (the policy's {@code overrideReasons})
 * @param due     when the offer closes by itself
 */
public record RequestOffer(DeviceIdentity device, Action action, List<OverrideReason> reasons, Instant due) {

    public RequestOffer {
        reasons = List.copyOf(reasons);
    }

    /**
     * What the person asked for.
     *
     * @param user  who asked (their login name)
     * @param uid   their user id (null where the OS has none: Windows accounts are SIDs)
     * @param hours for how long
     */
    public record Asked(String user, Long uid, int hours, String reasonId, String reasonText) {
    }
}
