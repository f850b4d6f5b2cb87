package io.mamori.agent.platform.macos;

import com.sun.jna.Pointer;
import com.sun.jna.platform.mac.CoreFoundation;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DiskArbitrationNative} through JNA: {@code DASessionCreate}, the appeared, description
 * changed, disappeared and mount-approval callbacks registered for every disk (match NULL), the
 * session scheduled on a {@link RunLoopThread} of its own. A refusal is returned as
 * {@code DADissenterCreate(kDAReturnNotPermitted, message)}. The callbacks are held in fields so
 * that the garbage collector cannot take them while DiskArbitration may call them. Compiled only.
 */
final class JnaDiskArbitration implements DiskArbitrationNative {

    private static final Logger LOG = LoggerFactory.getLogger(JnaDiskArbitration.class);
    private static final long START_SECONDS = 10;

    private Pointer session;
    private Pointer runLoop;
    private RunLoopThread thread;
    // strong references: JNA frees a callback's native stub when its Java object is collected
    private DiskArbitrationLibrary.DiskCallback appeared;
    private DiskArbitrationLibrary.DiskCallback disappeared;
    private DiskArbitrationLibrary.DescriptionChangedCallback changed;
    private DiskArbitrationLibrary.MountApprovalCallback approval;

    @Override
    public synchronized void start(Events events) throws IOException {
        DiskArbitrationLibrary.DA da;
        Pointer mode;
        try {
            da = DiskArbitrationLibrary.DA.INSTANCE;
            mode = DiskArbitrationLibrary.defaultRunLoopMode();
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("DiskArbitration cannot be loaded: " + e, e);
        }
        appeared = (disk, context) -> guarded("appeared", () -> events.appeared(bsdName(disk), CfValues.description(disk)));
        disappeared = (disk, context) -> guarded("disappeared", () -> events.disappeared(bsdName(disk), CfValues.description(disk)));
        changed = (disk, keys, context) -> guarded("description changed", () -> events.changed(bsdName(disk), CfValues.description(disk)));
        approval = (disk, context) -> dissenter(events, disk);
        thread = new RunLoopThread("mamori-diskarbitration", loop -> {
            session = da.DASessionCreate(null);
            if (session == null) {
                throw new IllegalStateException("DASessionCreate returned NULL");
            }
            da.DARegisterDiskAppearedCallback(session, null, appeared, null);
            da.DARegisterDiskDescriptionChangedCallback(session, null, null, changed, null);
            da.DARegisterDiskDisappearedCallback(session, null, disappeared, null);
            da.DARegisterDiskMountApprovalCallback(session, null, approval, null);
            da.DASessionScheduleWithRunLoop(session, loop, mode);
        });
        runLoop = thread.awaitStarted(START_SECONDS);
    }

    private static String bsdName(Pointer disk) {
        String name = DiskArbitrationLibrary.DA.INSTANCE.DADiskGetBSDName(disk);
        return name == null ? "" : OsText.clip(name);
    }

    private static Pointer dissenter(Events events, Pointer disk) {
        String refusal;
        try {
            refusal = events.approveMount(bsdName(disk), CfValues.description(disk));
        } catch (RuntimeException e) {
            LOG.error("the mount approval of a disk failed ({}): the mount is refused", e.toString());
            refusal = "Mamori could not check this device";
        }
        if (refusal == null) {
            return null;
        }
        CoreFoundation.CFStringRef message = CoreFoundation.CFStringRef.createCFString(refusal);
        try {
            // DiskArbitration releases the dissenter it is given (the approval callback returns a retained reference)
            return DiskArbitrationLibrary.DA.INSTANCE.DADissenterCreate(null, DiskArbitrationLibrary.RETURN_NOT_PERMITTED,
                    message.getPointer());
        } finally {
            message.release();
        }
    }

    private static void guarded(String what, Runnable report) {
        try {
            report.run();
        } catch (RuntimeException e) {
            LOG.error("the DiskArbitration {} callback failed: {}", what, e.toString(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        thread.stop();
        if (session != null && runLoop != null) {
            try {
                DiskArbitrationLibrary.DA da = DiskArbitrationLibrary.DA.INSTANCE;
                da.DASessionUnscheduleFromRunLoop(session, runLoop, DiskArbitrationLibrary.defaultRunLoopMode());
                new CoreFoundation.CFTypeRef(session).release();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("releasing the DiskArbitration session: {}", e.toString());
            }
        }
        session = null;
        thread = null;
    }
}
