package io.mamori.agent.platform.windows;

import java.io.IOException;

/**
 * The three calls that make a process a Windows service, and nothing else: the logic that decides
 * what to report is {@link ServiceLifecycle}'s and {@link WindowsServiceHost}'s. One JNA
 * implementation ({@link JnaServiceControl}); tests record what would have been reported.
 */
interface ServiceControlNative {

    /** HandlerEx: answers one control. {@code eventData} is an address valid only during the call (0: none). */
    @FunctionalInterface
    interface Handler {
        int handle(int control, int eventType, long eventData);
    }

    /**
     * StartServiceCtrlDispatcherW: connects the calling (main) thread to the service control
     * manager and runs {@code serviceMain} on a thread of its own; returns when the service has
     * reported STOPPED. False when the process was not started by the service control manager
     * (ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) or the call failed.
     */
    boolean dispatch(String serviceName, Runnable serviceMain);

    /** RegisterServiceCtrlHandlerExW, from within service main. */
    void register(String serviceName, Handler handler) throws IOException;

    /** SetServiceStatus. */
    void report(ServiceStatus status) throws IOException;

    /** Reads the event data the handler is given. */
    NativeMemory memory();

    /** GetLastError of the last failed call, for the log. */
    int lastError();
}
