package io.mamori.agent.platform.macos;

import com.sun.jna.Pointer;
import com.sun.jna.platform.mac.CoreFoundation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link DiskControl} through DiskArbitration, as Santa's {@code RemountUSBMode} remounts:
 * {@code DADiskUnmount}, then {@code DADiskMountWithArguments} with the options as a NULL-terminated
 * CFString array; {@code DADiskEject}. The calls are asynchronous: each waits for its completion
 * callback on a session of its own, scheduled on its own run loop thread (made at first use), and
 * a dissenter in the callback is the failure, with its status and message. Compiled only.
 */
final class DiskArbitrationControl implements DiskControl {

    private static final long START_SECONDS = 10;
    private static final long CALL_SECONDS = 60;

    private Pointer session;
    private RunLoopThread thread;
    /** Callbacks in flight, held so that the collector cannot free them before DiskArbitration calls them. */
    private final List<DiskArbitrationLibrary.DoneCallback> inFlight = new ArrayList<>();

    @Override
    public String name() {
        return "DiskArbitration";
    }

    @Override
    public void unmount(String bsdName) throws IOException {
        call("DADiskUnmount", bsdName, (da, disk, done) -> da.DADiskUnmount(disk, DiskArbitrationLibrary.UNMOUNT_DEFAULT, done, null));
    }

    @Override
    public void mount(String bsdName, List<String> options) throws IOException {
        List<CoreFoundation.CFStringRef> strings = new ArrayList<>();
        try {
            Pointer[] arguments = new Pointer[options.size() + 1]; // NULL-terminated
            for (int i = 0; i < options.size(); i++) {
                CoreFoundation.CFStringRef option = CoreFoundation.CFStringRef.createCFString(options.get(i));
                strings.add(option);
                arguments[i] = option.getPointer();
            }
            call("DADiskMountWithArguments", bsdName, (da, disk, done) -> da.DADiskMountWithArguments(disk, null,
                    DiskArbitrationLibrary.MOUNT_DEFAULT, done, null, arguments));
        } finally {
            strings.forEach(CoreFoundation.CFStringRef::release);
        }
    }

    @Override
    public void eject(String wholeDisk) throws IOException {
        call("DADiskEject", wholeDisk, (da, disk, done) -> da.DADiskEject(disk, DiskArbitrationLibrary.EJECT_DEFAULT, done, null));
    }

    private interface Call {
        void start(DiskArbitrationLibrary.DA da, Pointer disk, DiskArbitrationLibrary.DoneCallback done);
    }

    private void call(String function, String bsdName, Call call) throws IOException {
        String name = BsdName.require(bsdName);
        DiskArbitrationLibrary.DA da;
        Pointer disk;
        synchronized (this) {
            da = session();
            disk = da.DADiskCreateFromBSDName(null, session, name);
        }
        if (disk == null) {
            throw new IOException("DADiskCreateFromBSDName found no disk " + name);
        }
        CompletableFuture<String> outcome = new CompletableFuture<>();
        DiskArbitrationLibrary.DoneCallback done = (d, dissenter, context) -> outcome.complete(dissenter == null ? null : describe(da, dissenter));
        synchronized (this) {
            inFlight.add(done);
        }
        try {
            call.start(da, disk, done);
            String dissent = outcome.get(CALL_SECONDS, TimeUnit.SECONDS);
            if (dissent != null) {
                throw new IOException(function + " on " + name + " was refused: " + dissent);
            }
        } catch (TimeoutException e) {
            throw new IOException(function + " on " + name + " did not complete within " + CALL_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new IOException(function + " on " + name + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + function + " on " + name);
        } finally {
            new CoreFoundation.CFTypeRef(disk).release();
            if (outcome.isDone()) { // else DiskArbitration may still call it: kept referenced
                synchronized (this) {
                    inFlight.remove(done);
                }
            }
        }
    }

    private static String describe(DiskArbitrationLibrary.DA da, Pointer dissenter) {
        int status = da.DADissenterGetStatus(dissenter);
        Pointer text = da.DADissenterGetStatusString(dissenter); // not owned: not released
        String message = text == null ? "" : ", " + OsText.clip(new CoreFoundation.CFStringRef(text).stringValue(), 200);
        return "status 0x" + Integer.toHexString(status).toUpperCase(Locale.ROOT) + message;
    }

    /** The session, made and scheduled on first use. Holds this. */
    private DiskArbitrationLibrary.DA session() throws IOException {
        DiskArbitrationLibrary.DA da;
        try {
            da = DiskArbitrationLibrary.DA.INSTANCE;
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("DiskArbitration cannot be loaded: " + e, e);
        }
        if (session == null) {
            RunLoopThread started = new RunLoopThread("mamori-diskarbitration-enforcer", loop -> {
                Pointer created = da.DASessionCreate(null);
                if (created == null) {
                    throw new IllegalStateException("DASessionCreate returned NULL");
                }
                da.DASessionScheduleWithRunLoop(created, loop, DiskArbitrationLibrary.defaultRunLoopMode());
                session = created;
            });
            try {
                started.awaitStarted(START_SECONDS);
            } catch (IOException e) {
                started.stop();
                throw new IOException("a DiskArbitration session could not be scheduled: " + e.getMessage(), e);
            }
            thread = started;
        }
        return da;
    }
}
