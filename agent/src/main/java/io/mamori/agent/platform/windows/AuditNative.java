package io.mamori.agent.platform.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the writer lookup needs from Windows: the audit policy, the drive letters' device names and
 * the stream of Security events 4663. {@link JnaAudit} is the implementation on Windows.
 */
interface AuditNative extends AutoCloseable {

    /** AuditQuerySystemPolicy for the Removable Storage subcategory: the AUDIT_POLICY_INFORMATION's bytes. */
    ByteBuffer removableStoragePolicy() throws IOException;

    /** QueryDosDevice for every drive letter: {@code E:} to {@code \Device\HarddiskVolume7}. */
    Map<String, String> driveDevices() throws IOException;

    /** EvtSubscribe to new 4663 events on the Security channel; each is handed over as EvtRenderEventXml text. */
    void subscribe(Consumer<String> eventXml) throws IOException;

    @Override
    void close();
}
