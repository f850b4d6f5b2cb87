package io.mamori.agent.platform.windows;

import io.mamori.agent.media.MediaMonitor;
import java.nio.ByteBuffer;

/**
 * A media monitor fed by the Windows service's control handler: HandlerEx passes every
 * {@code SERVICE_CONTROL_DEVICEEVENT} here and returns {@code NO_ERROR} (the agent never vetoes a
 * removal). The call returns at once; the I/O it causes runs on the monitor's own thread.
 */
public interface DeviceEventMonitor extends MediaMonitor {

    /**
     * One device event.
     *
     * @param eventType the handler's {@code dwEventType} ({@code DBT_DEVICEARRIVAL} …)
     * @param data      the bytes at {@code lpEventData}, {@code dbch_size} of them (see {@link WindowsPlatform#eventData})
     */
    void deviceEvent(int eventType, ByteBuffer data);
}
