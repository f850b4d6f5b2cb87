package io.mamori.agent.platform.macos;

import com.sun.jna.Pointer;
import io.methvin.watchservice.jna.CFArrayRef;
import io.methvin.watchservice.jna.CFIndex;
import io.methvin.watchservice.jna.CFRunLoopRef;
import io.methvin.watchservice.jna.CFStringRef;
import io.methvin.watchservice.jna.CarbonAPI;
import io.methvin.watchservice.jna.FSEventStreamRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FsEventsNative} through directory-watcher's JNA mapping of FSEvents ({@link CarbonAPI}):
 * {@code FSEventStreamCreate} with {@code NoDefer | WatchRoot | FileEvents}, since now, scheduled
 * on a CFRunLoop thread of its own per root, as directory-watcher's
 * {@code MacOSXListeningWatchService} does. Its own callback, not that service's, because the
 * service (0.19.1) never reads the event flags — and the flags are how FSEvents says that events
 * were dropped ({@code MustScanSubDirs}, {@code UserDropped}, {@code KernelDropped}). Compiled only.
 */
final class CarbonFsEvents implements FsEventsNative {

    private static final Logger LOG = LoggerFactory.getLogger(CarbonFsEvents.class);
    /** Seconds FSEvents may hold events to coalesce them; with NoDefer the first of a burst comes at once. */
    private static final double LATENCY = 0.3;
    private static final int CREATE_FLAGS = FsEventFlags.CREATE_NO_DEFER | FsEventFlags.CREATE_WATCH_ROOT
            | FsEventFlags.CREATE_FILE_EVENTS;
    /** A batch larger than this is cut to it and a rescan asked for instead of the rest. */
    private static final int MAX_BATCH = 100_000;

    @Override
    public Stream watch(Path root, Consumer<List<FsEvent>> events) throws IOException {
        CarbonAPI api;
        try {
            api = CarbonAPI.INSTANCE;
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("FSEvents cannot be loaded: " + e, e);
        }
        CarbonAPI.FSEventStreamCallback callback = (stream, info, count, paths, flags, ids) -> deliver(root, events, count.longValue(),
                paths, flags);
        CFArrayRef roots = api.CFArrayCreate(null, new Pointer[] {CFStringRef.toCFString(root.toString()).getPointer()},
                CFIndex.valueOf(1), null);
        FSEventStreamRef stream = api.FSEventStreamCreate(Pointer.NULL, callback, Pointer.NULL, roots, FsEventFlags.SINCE_NOW, LATENCY,
                CREATE_FLAGS);
        if (stream == null) {
            throw new IOException("FSEventStreamCreate returned NULL for " + OsText.clip(root.toString()));
        }
        CompletableFuture<CFRunLoopRef> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            CFRunLoopRef loop = api.CFRunLoopGetCurrent();
            api.FSEventStreamScheduleWithRunLoop(stream, loop, CFStringRef.toCFString("kCFRunLoopDefaultMode"));
            if (!api.FSEventStreamStart(stream)) {
                started.completeExceptionally(new IOException("FSEventStreamStart failed"));
                return;
            }
            started.complete(loop);
            api.CFRunLoopRun();
        }, "mamori-fsevents");
        thread.setDaemon(true);
        thread.start();
        CFRunLoopRef loop;
        try {
            loop = started.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            api.FSEventStreamInvalidate(stream);
            api.FSEventStreamRelease(stream);
            throw new IOException("the FSEvents stream on " + OsText.clip(root.toString()) + " did not start: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting FSEvents");
        }
        return new Stream() {
            @SuppressWarnings("unused") // held so that the collector cannot free the callback's native stub
            private final CarbonAPI.FSEventStreamCallback held = callback;
            private boolean closed;

            @Override
            public synchronized void close() {
                if (closed) {
                    return;
                }
                closed = true;
                api.CFRunLoopStop(loop);
                api.FSEventStreamStop(stream);
                api.FSEventStreamInvalidate(stream);
                api.FSEventStreamRelease(stream);
                try {
                    thread.join(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Reads a batch: without kFSEventStreamCreateFlagUseCFTypes, paths are a char** and flags a UInt32 array. */
    private static void deliver(Path root, Consumer<List<FsEvent>> events, long count, Pointer paths, Pointer flags) {
        try {
            int n = (int) Math.min(Math.max(count, 0), MAX_BATCH);
            String[] names = paths.getStringArray(0, n, "UTF-8");
            int[] values = flags.getIntArray(0, n);
            List<FsEvent> batch = new ArrayList<>(n + 1);
            for (int i = 0; i < n; i++) {
                batch.add(new FsEvent(names[i], values[i]));
            }
            if (count > n) {
                batch.add(new FsEvent(root.toString(), FsEventFlags.MUST_SCAN_SUB_DIRS | FsEventFlags.USER_DROPPED));
            }
            events.accept(batch);
        } catch (RuntimeException e) {
            LOG.error("an FSEvents batch could not be read ({}): the volume is walked again", e.toString());
            events.accept(List.of(new FsEvent(root.toString(), FsEventFlags.MUST_SCAN_SUB_DIRS)));
        }
    }
}
