package io.mamori.agent.platform.macos;

import java.util.ArrayList;
import java.util.List;

/**
 * What the flags of one FSEvents event ask of the agent. The values are {@code FSEventStreamEventFlags}
 * from {@code FSEvents.h} (CoreServices framework, macOS SDK; also listed on developer.apple.com,
 * "FSEventStreamEventFlags"). Kept in plain Java so that it is tested off a Mac.
 *
 * <p>Per Apple's documentation, {@code MustScanSubDirs} means the events below the path were
 * coalesced or lost and the client must rescan the directory; {@code UserDropped} and
 * {@code KernelDropped} come with it when a buffer overflowed; {@code RootChanged} means the
 * watched root itself moved or went. Each of these makes the agent walk the volume again.
 */
final class FsEventFlags {

    // FSEvents.h, enum FSEventStreamEventFlags
    static final int MUST_SCAN_SUB_DIRS = 0x00000001;
    static final int USER_DROPPED = 0x00000002;
    static final int KERNEL_DROPPED = 0x00000004;
    static final int EVENT_IDS_WRAPPED = 0x00000008;
    static final int HISTORY_DONE = 0x00000010;
    static final int ROOT_CHANGED = 0x00000020;
    static final int MOUNT = 0x00000040;
    static final int UNMOUNT = 0x00000080;
    static final int ITEM_CREATED = 0x00000100;
    static final int ITEM_REMOVED = 0x00000200;
    static final int ITEM_INODE_META_MOD = 0x00000400;
    static final int ITEM_RENAMED = 0x00000800;
    static final int ITEM_MODIFIED = 0x00001000;
    static final int ITEM_FINDER_INFO_MOD = 0x00002000;
    static final int ITEM_CHANGE_OWNER = 0x00004000;
    static final int ITEM_XATTR_MOD = 0x00008000;
    static final int ITEM_IS_FILE = 0x00010000;
    static final int ITEM_IS_DIR = 0x00020000;
    static final int ITEM_IS_SYMLINK = 0x00040000;
    static final int ITEM_CLONED = 0x00400000;

    // FSEvents.h, enum FSEventStreamCreateFlags
    static final int CREATE_NO_DEFER = 0x00000002;
    static final int CREATE_WATCH_ROOT = 0x00000004;
    static final int CREATE_FILE_EVENTS = 0x00000010;

    /** FSEvents.h: kFSEventStreamEventIdSinceNow. */
    static final long SINCE_NOW = 0xFFFFFFFFFFFFFFFFL;

    private static final int LOST = MUST_SCAN_SUB_DIRS | USER_DROPPED | KERNEL_DROPPED | ROOT_CHANGED;
    private static final int CONTENT = ITEM_CREATED | ITEM_MODIFIED | ITEM_RENAMED | ITEM_INODE_META_MOD | ITEM_CLONED
            | ITEM_XATTR_MOD;

    /** What one event asks for. */
    enum Meaning {
        /** Events were lost or coalesced under the path: walk it (the volume) again. */
        RESCAN,
        /** A regular file may have been written (or renamed into place): let it settle, then report it. */
        FILE_CHANGED,
        /** A file was removed (or renamed away): forget what was settling. */
        FILE_GONE,
        /** A directory appeared or was renamed in: its files may be inside already, walk it. */
        DIRECTORY_CHANGED,
        /** Nothing the agent reports (history done, a mount elsewhere, a symbolic link, an owner change …). */
        NOTHING
    }

    private FsEventFlags() {
    }

    static Meaning meaning(int flags) {
        if ((flags & LOST) != 0) {
            return Meaning.RESCAN;
        }
        if ((flags & ITEM_IS_SYMLINK) != 0) {
            return Meaning.NOTHING; // not followed: the walk does not cross links either
        }
        if ((flags & ITEM_IS_FILE) != 0) {
            // flags accumulate over a coalesced event: created-then-removed says "removed"; the file is looked at anyway
            if ((flags & CONTENT) != 0) {
                return Meaning.FILE_CHANGED;
            }
            return (flags & ITEM_REMOVED) != 0 ? Meaning.FILE_GONE : Meaning.NOTHING;
        }
        if ((flags & ITEM_IS_DIR) != 0 && (flags & (ITEM_CREATED | ITEM_RENAMED)) != 0) {
            return Meaning.DIRECTORY_CHANGED;
        }
        return Meaning.NOTHING;
    }

    /** The flags' names, for a log line (bounded: there are at most 23). */
    static String describe(int flags) {
        List<String> names = new ArrayList<>();
        String[] known = {"MustScanSubDirs", "UserDropped", "KernelDropped", "EventIdsWrapped", "HistoryDone", "RootChanged", "Mount",
            "Unmount", "ItemCreated", "ItemRemoved", "ItemInodeMetaMod", "ItemRenamed", "ItemModified", "ItemFinderInfoMod",
            "ItemChangeOwner", "ItemXattrMod", "ItemIsFile", "ItemIsDir", "ItemIsSymlink", "OwnEvent", "ItemIsHardlink",
            "ItemIsLastHardlink", "ItemCloned"};
        for (int bit = 0; bit < known.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                names.add(known[bit]);
            }
        }
        return names.isEmpty() ? "None" : String.join("|", names);
    }
}
