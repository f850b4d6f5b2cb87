package io.mamori.agent.platform.windows;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.DBT;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.SetupApi;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinUser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link DeviceNotifications} through jna-platform's User32 against the service's status handle.
 * Compiled here, never run: no Windows machine was at hand (docs/windows-adapters.md).
 */
final class JnaDeviceNotifications implements DeviceNotifications {

    /** DEVICE_NOTIFY_SERVICE_HANDLE (winuser.h): the recipient is a service status handle. */
    static final int DEVICE_NOTIFY_SERVICE_HANDLE = 0x00000001;

    private record Watch(WinUser.HDEVNOTIFY notification, WinNT.HANDLE volume) {
    }

    private final WinNT.HANDLE serviceStatus;
    private final List<WinUser.HDEVNOTIFY> interfaces = new ArrayList<>();
    private final Map<Long, Watch> watches = new ConcurrentHashMap<>();

    /** @param serviceStatus what RegisterServiceCtrlHandlerEx returned */
    JnaDeviceNotifications(WinNT.HANDLE serviceStatus) {
        this.serviceStatus = serviceStatus;
    }

    @Override
    public synchronized void registerInterfaces() throws IOException {
        if (serviceStatus == null) {
            throw new IOException("no service status handle: the agent is not running as a Windows service");
        }
        for (Guid.GUID guid : List.of(DBT.GUID_DEVINTERFACE_VOLUME, SetupApi.GUID_DEVINTERFACE_DISK)) {
            DBT.DEV_BROADCAST_DEVICEINTERFACE filter = new DBT.DEV_BROADCAST_DEVICEINTERFACE();
            filter.dbcc_size = filter.size();
            filter.dbcc_devicetype = DBT.DBT_DEVTYP_DEVICEINTERFACE;
            filter.dbcc_classguid = guid;
            WinUser.HDEVNOTIFY registration = User32.INSTANCE.RegisterDeviceNotification(serviceStatus, filter,
                    DEVICE_NOTIFY_SERVICE_HANDLE);
            if (registration == null) {
                IOException failure = Win32Failure.of("RegisterDeviceNotification(" + guid.toGuidString() + ")");
                close();
                throw failure;
            }
            interfaces.add(registration);
        }
    }

    @Override
    public long watchHandle(String volumeGuidPath) throws IOException {
        String path = volumeGuidPath.endsWith("\\") ? volumeGuidPath.substring(0, volumeGuidPath.length() - 1) : volumeGuidPath;
        WinNT.HANDLE volume = Kernel32.INSTANCE.CreateFile(path, 0, WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null,
                WinNT.OPEN_EXISTING, 0, null);
        if (WinNT.INVALID_HANDLE_VALUE.equals(volume)) {
            throw Win32Failure.of("CreateFile(volume)");
        }
        DBT.DEV_BROADCAST_HANDLE filter = new DBT.DEV_BROADCAST_HANDLE();
        filter.dbch_size = filter.size();
        filter.dbch_devicetype = DBT.DBT_DEVTYP_HANDLE;
        filter.dbch_handle = volume;
        WinUser.HDEVNOTIFY registration = User32.INSTANCE.RegisterDeviceNotification(serviceStatus, filter,
                DEVICE_NOTIFY_SERVICE_HANDLE);
        if (registration == null) {
            IOException failure = Win32Failure.of("RegisterDeviceNotification(DBT_DEVTYP_HANDLE)");
            Kernel32.INSTANCE.CloseHandle(volume);
            throw failure;
        }
        long key = Pointer.nativeValue(registration.getPointer());
        watches.put(key, new Watch(registration, volume));
        return key;
    }

    @Override
    public void releaseHandle(long notification) {
        Watch watch = watches.remove(notification);
        if (watch != null) {
            User32.INSTANCE.UnregisterDeviceNotification(watch.notification());
            Kernel32.INSTANCE.CloseHandle(watch.volume());
        }
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(watches.keySet()).forEach(this::releaseHandle);
        interfaces.forEach(registration -> User32.INSTANCE.UnregisterDeviceNotification(registration));
        interfaces.clear();
    }
}
