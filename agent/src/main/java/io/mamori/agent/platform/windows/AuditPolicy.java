package io.mamori.agent.platform.windows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Whether Windows audits removable storage, from the AUDIT_POLICY_INFORMATION structure that
 * AuditQuerySystemPolicy returns for the "Removable Storage" subcategory. Read from the structure
 * rather than from {@code auditpol} output, whose words are translated on a Japanese Windows.
 */
enum AuditPolicy {
    /** Successful accesses are audited: 4663 events name the writers. */
    ON,
    /** Successful accesses are not audited: there will be no 4663 event to name a writer. */
    OFF,
    /** The policy could not be read (the call failed, or the structure is not what was asked for). */
    UNREADABLE;

    /** Removable Storage subcategory (MS-GPAC "Subcategory and SubcategoryGUID", learn.microsoft.com). */
    static final String REMOVABLE_STORAGE = "{0cce9245-69ae-11d9-bed3-505054503030}";
    /** POLICY_AUDIT_EVENT_SUCCESS (ntsecapi.h, AUDIT_POLICY_INFORMATION on learn.microsoft.com). */
    static final int POLICY_AUDIT_EVENT_SUCCESS = 0x1;
    /** GUID AuditSubCategoryGuid; ULONG AuditingInformation; GUID AuditCategoryGuid. */
    static final int STRUCTURE_BYTES = 16 + 4 + 16;

    /** The state an AUDIT_POLICY_INFORMATION for Removable Storage describes. */
    static AuditPolicy of(ByteBuffer structure) {
        if (structure == null || structure.remaining() < STRUCTURE_BYTES) {
            return UNREADABLE;
        }
        ByteBuffer in = structure.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (!REMOVABLE_STORAGE.equals(DeviceBroadcast.guid(in, 0))) {
            return UNREADABLE;
        }
        int auditing = in.getInt(16);
        return (auditing & POLICY_AUDIT_EVENT_SUCCESS) != 0 ? ON : OFF;
    }
}
