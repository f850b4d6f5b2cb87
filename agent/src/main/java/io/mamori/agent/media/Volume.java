package io.mamori.agent.media;

import io.mamori.protocol.device.DeviceIdentity;

/** A mounted removable volume: where it is and which device it is. */
public record Volume(Mount mount, DeviceIdentity identity) {
}
