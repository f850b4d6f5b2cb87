/*
 * MsiPackageIT's stand-in for the Windows runtime's java.exe and javaw.exe (tests only; built with
 * x86_64-w64-mingw32-gcc). No Windows JDK is reachable where the tests run, so the MSI is built
 * with a runtime whose java.exe is this small Windows program:
 *
 * - As the MamoriAgent service (its command line holds the word "service"), it is a service that
 *   reports RUNNING and stops on STOP: a Linux JVM cannot talk to Wine's service control manager.
 * - Otherwise it runs standin-java.exe beside it, a shell script that turns the Windows paths of
 *   the arguments into Unix paths and runs this machine's JDK: the real agent command line.
 *   Wine starts a Unix program without waiting for it, reports exit code 0 and does not hand it a
 *   redirected standard output, so this program has the script write its output and exit code
 *   into files, waits for the exit code, copies the output to its own standard output and exits
 *   with that code: custom actions then run in order, their output is where the command line
 *   redirects it and their exit codes count, as with a real java.exe.
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static SERVICE_STATUS_HANDLE status_handle;
static SERVICE_STATUS status = { SERVICE_WIN32_OWN_PROCESS, SERVICE_START_PENDING, 0, NO_ERROR, 0, 0, 0 };
static HANDLE stop_event;

static DWORD WINAPI control(DWORD code, DWORD type, void *data, void *context) {
    if (code == SERVICE_CONTROL_STOP || code == SERVICE_CONTROL_SHUTDOWN) {
        status.dwCurrentState = SERVICE_STOP_PENDING;
        SetServiceStatus(status_handle, &status);
        SetEvent(stop_event);
    }
    return NO_ERROR;
}

static void WINAPI service_main(DWORD argc, wchar_t **argv) {
    status_handle = RegisterServiceCtrlHandlerExW(L"MamoriAgent", control, NULL);
    status.dwControlsAccepted = SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN;
    status.dwCurrentState = SERVICE_RUNNING;
    SetServiceStatus(status_handle, &status);
    WaitForSingleObject(stop_event, INFINITE);
    status.dwCurrentState = SERVICE_STOPPED;
    SetServiceStatus(status_handle, &status);
}

/* The command line after the program's own name (quoted or not). */
static const wchar_t *arguments(const wchar_t *line) {
    if (*line == L'"') {
        line = wcschr(line + 1, L'"');
        line = line ? line + 1 : L"";
    } else {
        while (*line && *line != L' ' && *line != L'\t') line++;
    }
    return line;
}

int wmain(void) {
    const wchar_t *line = GetCommandLineW();
    const wchar_t *rest = arguments(line);
    if (wcsstr(rest, L" service ")) {
        SERVICE_TABLE_ENTRYW table[] = { { L"MamoriAgent", service_main }, { NULL, NULL } };
        stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
        return StartServiceCtrlDispatcherW(table) ? 0 : 1;
    }
    wchar_t self[MAX_PATH], script[MAX_PATH], temp[MAX_PATH], marker[MAX_PATH], output[MAX_PATH];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    wcscpy(script, self);
    wchar_t *slash = wcsrchr(script, L'\\');
    wcscpy(slash + 1, L"standin-java.exe");
    GetTempPathW(MAX_PATH, temp);
    swprintf(marker, MAX_PATH, L"%lsmamori-standin-%lu-%lu.exit", temp, GetCurrentProcessId(), GetTickCount());
    swprintf(output, MAX_PATH, L"%lsmamori-standin-%lu-%lu.out", temp, GetCurrentProcessId(), GetTickCount());
    DeleteFileW(marker);
    SetEnvironmentVariableW(L"STANDIN_EXIT", marker);
    SetEnvironmentVariableW(L"STANDIN_OUTPUT", output);
    size_t size = wcslen(script) + wcslen(rest) + 8;
    wchar_t *command = HeapAlloc(GetProcessHeap(), 0, size * sizeof(wchar_t));
    swprintf(command, size, L"\"%ls\"%ls", script, rest);
    STARTUPINFOW startup = { sizeof(startup) };
    PROCESS_INFORMATION process;
    if (!CreateProcessW(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &process)) {
        fwprintf(stderr, L"stand-in java.exe: cannot start %ls (%lu)\n", script, GetLastError());
        return 120;
    }
    for (int waited = 0; waited < 6000; waited++) { /* 10 minutes */
        FILE *file = _wfopen(marker, L"r");
        if (file) {
            int code = -1;
            int read = fscanf(file, "%d", &code);
            fclose(file);
            if (read == 1) {
                DeleteFileW(marker);
                FILE *said = _wfopen(output, L"rb");
                if (said) {
                    char buffer[4096];
                    size_t got;
                    DWORD written;
                    while ((got = fread(buffer, 1, sizeof(buffer), said)) > 0) {
                        WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), buffer, (DWORD) got, &written, NULL);
                    }
                    fclose(said);
                    DeleteFileW(output);
                }
                return code;
            }
        }
        Sleep(100);
    }
    fwprintf(stderr, L"stand-in java.exe: no exit code from %ls within 10 minutes\n", script);
    return 121;
}
