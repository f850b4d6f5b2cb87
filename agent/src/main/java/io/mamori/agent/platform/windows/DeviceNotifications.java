package io.mamori.agent.platform.windows;

import java.io.IOException;

/**
 * RegisterDeviceNotification against the service's status handle ({@code DEVICE_NOTIFY_SERVICE_HANDLE}):
 * volume and disk interfaces for arrivals and removals, and one {@code DBT_DEVTYP_HANDLE}
 * registration per watched volume so that Windows asks before it removes it.
 * {@link JnaDeviceNotifications} is the implementation on Windows.
 */
interface DeviceNotifications extends AutoCloseable {

    /** Registers for GUID_DEVINTERFACE_VOLUME and GUID_DEVINTERFACE_DISK events; fails if Windows refuses. */
    void registerInterfaces() throws IOException;

    /**
     * Opens the volume ({@code \\?\Volume{…}} without its trailing backslash) and registers for
     * events on that handle.
     *
     * @return the registration ({@code HDEVNOTIFY}) as a number, as {@code dbch_hdevnotify} will carry it
     */
    long watchHandle(String volumeGuidPath) throws IOException;

    /** Unregisters the handle registration and closes the volume handle: nothing of ours keeps the volume open. */
    void releaseHandle(long notification);

    @Override
    void close();
}
