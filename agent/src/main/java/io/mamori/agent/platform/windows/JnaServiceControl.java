package io.mamori.agent.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Winsvc;
import java.io.IOException;

/**
 * {@link ServiceControlNative} through jna-platform's Advapi32 mappings, modelled on JNA's
 * contrib/ntservice {@code Win32Service.java}. The callbacks are kept in fields: JNA callbacks
 * that are garbage-collected crash the process when Windows calls them. Compiled only: no Windows
 * machine was reachable when this was written.
 */
final class JnaServiceControl implements ServiceControlNative {

    private Winsvc.SERVICE_MAIN_FUNCTION main;
    private Winsvc.HandlerEx handler;
    private volatile Winsvc.SERVICE_STATUS_HANDLE statusHandle;

    @Override
    public boolean dispatch(String serviceName, Runnable serviceMain) {
        main = (argc, argv) -> serviceMain.run();
        Winsvc.SERVICE_TABLE_ENTRY entry = new Winsvc.SERVICE_TABLE_ENTRY();
        entry.lpServiceName = serviceName;
        entry.lpServiceProc = main;
        // the table ends with an entry of NULLs: toArray(2) gives contiguous memory whose second entry is zeroed
        Winsvc.SERVICE_TABLE_ENTRY[] table = (Winsvc.SERVICE_TABLE_ENTRY[]) entry.toArray(2);
        return Advapi32.INSTANCE.StartServiceCtrlDispatcher(table);
    }

    @Override
    public void register(String serviceName, Handler handler) throws IOException {
        this.handler = (control, eventType, eventData, context) -> handler.handle(control, eventType,
                eventData == null ? 0 : Pointer.nativeValue(eventData));
        statusHandle = Advapi32.INSTANCE.RegisterServiceCtrlHandlerEx(serviceName, this.handler, null);
        if (statusHandle == null) {
            throw new IOException("RegisterServiceCtrlHandlerExW failed with error " + Native.getLastError());
        }
    }

    @Override
    public void report(ServiceStatus status) throws IOException {
        Winsvc.SERVICE_STATUS native_ = new Winsvc.SERVICE_STATUS();
        native_.dwServiceType = status.serviceType();
        native_.dwCurrentState = status.currentState();
        native_.dwControlsAccepted = status.controlsAccepted();
        native_.dwWin32ExitCode = status.win32ExitCode();
        native_.dwServiceSpecificExitCode = status.serviceSpecificExitCode();
        native_.dwCheckPoint = status.checkPoint();
        native_.dwWaitHint = status.waitHintMillis();
        if (!Advapi32.INSTANCE.SetServiceStatus(statusHandle, native_)) {
            throw new IOException("SetServiceStatus failed with error " + Native.getLastError());
        }
    }

    /**
     * The status handle, for the device monitor's RegisterDeviceNotification with
     * DEVICE_NOTIFY_SERVICE_HANDLE; null before service main has registered the handler.
     */
    Winsvc.SERVICE_STATUS_HANDLE statusHandle() {
        return statusHandle;
    }

    @Override
    public NativeMemory memory() {
        return JnaMemory.INSTANCE;
    }

    @Override
    public int lastError() {
        return Native.getLastError();
    }
}
