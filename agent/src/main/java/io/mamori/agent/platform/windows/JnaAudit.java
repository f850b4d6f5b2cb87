package io.mamori.agent.platform.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Wevtapi;
import com.sun.jna.platform.win32.WevtapiUtil;
import com.sun.jna.platform.win32.Winevt;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AuditNative} through advapi32's AuditQuerySystemPolicy, Kernel32's QueryDosDevice and
 * wevtapi's EvtSubscribe on the Security channel. Compiled here, never run: no Windows machine was
 * at hand (docs/windows-adapters.md).
 */
final class JnaAudit implements AuditNative {

    private static final Logger LOG = LoggerFactory.getLogger(JnaAudit.class);
    /** Only the events this agent reads; the ObjectName filter is applied in Java. */
    static final String QUERY = "*[System[(EventID=4663)]]";

    /** EVT_SUBSCRIBE_CALLBACK (winevt.h): DWORD (EVT_SUBSCRIBE_NOTIFY_ACTION, PVOID, EVT_HANDLE). */
    interface SubscribeCallback extends StdCallLibrary.StdCallCallback {
        int callback(int action, Pointer context, Winevt.EVT_HANDLE event);
    }

    private final JnaVolumes volumes = new JnaVolumes();
    private Winevt.EVT_HANDLE subscription;
    /** Held here so that the collector does not free the callback while Windows still calls it. */
    private SubscribeCallback callback;

    @Override
    public ByteBuffer removableStoragePolicy() throws IOException {
        PointerByReference policy = new PointerByReference();
        if (Win32Extras.AuditApi.INSTANCE.AuditQuerySystemPolicy(new Guid.GUID(AuditPolicy.REMOVABLE_STORAGE), 1, policy) == 0) {
            throw Win32Failure.of("AuditQuerySystemPolicy(Removable Storage)");
        }
        Pointer structure = policy.getValue();
        try {
            return ByteBuffer.wrap(structure.getByteArray(0, AuditPolicy.STRUCTURE_BYTES));
        } finally {
            Win32Extras.AuditApi.INSTANCE.AuditFree(structure);
        }
    }

    @Override
    public Map<String, String> driveDevices() throws IOException {
        Map<String, String> devices = new LinkedHashMap<>();
        for (String root : volumes.driveRoots()) {
            String drive = root.substring(0, 2);
            char[] target = new char[1024];
            if (Kernel32.INSTANCE.QueryDosDevice(drive, target, target.length) > 0) {
                devices.put(drive, Native.toString(target));
            }
        }
        return devices;
    }

    @Override
    public synchronized void subscribe(Consumer<String> eventXml) throws IOException {
        callback = (action, context, event) -> {
            try {
                if (action == Winevt.EVT_SUBSCRIBE_NOTIFY_ACTION.EvtSubscribeActionDeliver) {
                    Memory xml = WevtapiUtil.EvtRender(null, event, Winevt.EVT_RENDER_FLAGS.EvtRenderEventXml, new IntByReference());
                    eventXml.accept(xml.getWideString(0));
                } else {
                    LOG.warn("the Security event subscription reported error {}", Pointer.nativeValue(event.getPointer()));
                }
            } catch (RuntimeException e) {
                LOG.warn("a Security event could not be rendered: {}", e.getMessage());
            }
            return 0;
        };
        subscription = Wevtapi.INSTANCE.EvtSubscribe(null, null, "Security", QUERY, null, null, callback,
                Winevt.EVT_SUBSCRIBE_FLAGS.EvtSubscribeToFutureEvents);
        if (subscription == null) {
            callback = null;
            throw Win32Failure.of("EvtSubscribe(Security, 4663)");
        }
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            Wevtapi.INSTANCE.EvtClose(subscription);
            subscription = null;
        }
        callback = null;
    }
}
