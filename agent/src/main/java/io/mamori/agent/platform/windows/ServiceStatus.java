package io.mamori.agent.platform.windows;

/**
 * One report to the service control manager: the fields of {@code SERVICE_STATUS}, in its order
 * (https://learn.microsoft.com/en-us/windows/win32/api/winsvc/ns-winsvc-service_status).
 *
 * @param serviceType             always {@code SERVICE_WIN32_OWN_PROCESS} here
 * @param currentState            {@code SERVICE_START_PENDING}, {@code _RUNNING}, {@code _STOP_PENDING}, {@code _STOPPED}
 * @param controlsAccepted        {@code SERVICE_ACCEPT_*} bits; none while an operation is pending
 * @param win32ExitCode           {@code NO_ERROR}, or {@code ERROR_SERVICE_SPECIFIC_ERROR} when the start failed
 * @param serviceSpecificExitCode ours, when {@code win32ExitCode} says so
 * @param checkPoint              grows while a start or stop is pending; zero otherwise
 * @param waitHintMillis          how long until the next report at most, while pending
 */
record ServiceStatus(int serviceType, int currentState, int controlsAccepted, int win32ExitCode,
        int serviceSpecificExitCode, int checkPoint, int waitHintMillis) {
}
