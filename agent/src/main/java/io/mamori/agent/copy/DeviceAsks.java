package io.mamori.agent.copy;

import io.mamori.agent.notify.RequestOffer;
import io.mamori.protocol.device.DeviceIdentity;

/**
 * Where a person's request to use a restricted device goes, once they asked in the window offered
 * with the device's notice (issue 23): the agent records it and sends it to the console.
 */
@FunctionalInterface
public interface DeviceAsks {

    /** Requests go nowhere (no console, tests). */
    DeviceAsks NONE = (device, asked) -> { };

    void asked(DeviceIdentity device, RequestOffer.Asked asked);
}
