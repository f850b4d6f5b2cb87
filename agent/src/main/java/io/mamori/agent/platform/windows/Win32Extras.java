package io.mamori.agent.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/**
 * The few Win32 functions jna-platform 5.18.1 does not map, declared as their documentation on
 * learn.microsoft.com gives them. Declarations only; compiled here, never called.
 */
final class Win32Extras {

    private Win32Extras() {
    }

    /** cfgmgr32.dll. */
    interface Cfgmgr32Eject extends StdCallLibrary {
        Cfgmgr32Eject INSTANCE = Native.load("cfgmgr32", Cfgmgr32Eject.class, W32APIOptions.DEFAULT_OPTIONS);

        /**
         * CONFIGRET CM_Request_Device_EjectW(DEVINST dnDevInst, PPNP_VETO_TYPE pVetoType, LPWSTR pszVetoName,
         * ULONG ulNameLength, ULONG ulFlags).
         */
        int CM_Request_Device_EjectW(int devInst, IntByReference vetoType, char[] vetoName, int nameLength, int flags);
    }

    /** advapi32.dll. */
    interface AuditApi extends StdCallLibrary {
        AuditApi INSTANCE = Native.load("advapi32", AuditApi.class, W32APIOptions.DEFAULT_OPTIONS);

        /**
         * BOOLEAN AuditQuerySystemPolicy(const GUID *pSubCategoryGuids, ULONG dwPolicyCount,
         * PAUDIT_POLICY_INFORMATION *ppAuditPolicy). BOOLEAN is one byte, hence {@code byte}: non-zero is success.
         */
        byte AuditQuerySystemPolicy(Guid.GUID subCategoryGuids, int policyCount, PointerByReference auditPolicy);

        /** void AuditFree(PVOID Buffer). */
        void AuditFree(Pointer buffer);
    }
}
