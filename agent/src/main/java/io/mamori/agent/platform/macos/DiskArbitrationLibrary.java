package io.mamori.agent.platform.macos;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * What jna-platform does not map of DiskArbitration and CoreFoundation (PLATFORMS.md §8: it maps
 * only session creation and {@code DADiskCopyDescription}). Signatures as in {@code DASession.h},
 * {@code DADisk.h}, {@code DADissenter.h} (apple-oss-distributions/DiskArbitration) and
 * {@code CFRunLoop.h}, {@code CFURL.h}, {@code CFUUID.h}. Every reference is a plain
 * {@link Pointer}; the callers release what they copy or create. Loaded only on macOS, when first
 * used; compiled only here.
 */
final class DiskArbitrationLibrary {

    /** DADissenter.h: {@code err_local | err_local_diskarbitration | 0x08}. */
    static final int RETURN_NOT_PERMITTED = 0xF8DA0008;
    /** DADisk.h option values. */
    static final int UNMOUNT_DEFAULT = 0;
    static final int MOUNT_DEFAULT = 0;
    static final int EJECT_DEFAULT = 0;
    /** CFURL.h: kCFURLPOSIXPathStyle. */
    static final int POSIX_PATH_STYLE = 0;

    private DiskArbitrationLibrary() {
    }

    /** {@code void (*DADiskAppearedCallback)(DADiskRef, void *)}, also the disappeared one. */
    interface DiskCallback extends Callback {
        void invoke(Pointer disk, Pointer context);
    }

    /** {@code void (*DADiskDescriptionChangedCallback)(DADiskRef, CFArrayRef keys, void *)}. */
    interface DescriptionChangedCallback extends Callback {
        void invoke(Pointer disk, Pointer keys, Pointer context);
    }

    /** {@code DADissenterRef (*DADiskMountApprovalCallback)(DADiskRef, void *)}: null approves. */
    interface MountApprovalCallback extends Callback {
        Pointer invoke(Pointer disk, Pointer context);
    }

    /** {@code void (*DADiskUnmountCallback)(DADiskRef, DADissenterRef, void *)}; mount and eject callbacks alike. */
    interface DoneCallback extends Callback {
        void invoke(Pointer disk, Pointer dissenter, Pointer context);
    }

    interface DA extends Library {
        DA INSTANCE = Native.load("DiskArbitration", DA.class);

        Pointer DASessionCreate(Pointer allocator);

        void DASessionScheduleWithRunLoop(Pointer session, Pointer runLoop, Pointer runLoopMode);

        void DASessionUnscheduleFromRunLoop(Pointer session, Pointer runLoop, Pointer runLoopMode);

        void DARegisterDiskAppearedCallback(Pointer session, Pointer match, DiskCallback callback, Pointer context);

        void DARegisterDiskDisappearedCallback(Pointer session, Pointer match, DiskCallback callback, Pointer context);

        void DARegisterDiskDescriptionChangedCallback(Pointer session, Pointer match, Pointer watch, DescriptionChangedCallback callback,
                Pointer context);

        void DARegisterDiskMountApprovalCallback(Pointer session, Pointer match, MountApprovalCallback callback, Pointer context);

        void DAUnregisterCallback(Pointer session, Callback callback, Pointer context);

        Pointer DADissenterCreate(Pointer allocator, int status, Pointer statusString);

        int DADissenterGetStatus(Pointer dissenter);

        Pointer DADissenterGetStatusString(Pointer dissenter);

        Pointer DADiskCreateFromBSDName(Pointer allocator, Pointer session, String name);

        Pointer DADiskCopyDescription(Pointer disk);

        String DADiskGetBSDName(Pointer disk);

        void DADiskUnmount(Pointer disk, int options, DoneCallback callback, Pointer context);

        /** {@code arguments}: a NULL-terminated array of CFStrings ({@code "rdonly", NULL}). */
        void DADiskMountWithArguments(Pointer disk, Pointer path, int options, DoneCallback callback, Pointer context, Pointer[] arguments);

        void DADiskEject(Pointer disk, int options, DoneCallback callback, Pointer context);
    }

    interface CF extends Library {
        CF INSTANCE = Native.load("CoreFoundation", CF.class);

        Pointer CFRunLoopGetCurrent();

        void CFRunLoopRun();

        void CFRunLoopStop(Pointer runLoop);

        NativeLong CFURLGetTypeID();

        Pointer CFURLCopyFileSystemPath(Pointer url, int pathStyle);

        NativeLong CFUUIDGetTypeID();

        Pointer CFUUIDCreateString(Pointer allocator, Pointer uuid);
    }

    /** {@code kCFRunLoopDefaultMode}, a CFStringRef global of CoreFoundation. */
    static Pointer defaultRunLoopMode() {
        return NativeLibrary.getInstance("CoreFoundation").getGlobalVariableAddress("kCFRunLoopDefaultMode").getPointer(0);
    }
}
