package io.mamori.agent.platform.macos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mamori.agent.platform.macos.FsEventFlags.Meaning;
import org.junit.jupiter.api.Test;

/**
 * FSEvents flag values as FSEvents.h defines them (CoreServices, macOS SDK; developer.apple.com
 * "FSEventStreamEventFlags"): the literal numbers are written here on purpose, so that a wrong
 * constant in the class fails the test.
 */
class FsEventFlagsTest {

    @Test
    void theConstantsAreThoseOfFsEventsH() {
        assertThat(FsEventFlags.MUST_SCAN_SUB_DIRS).isEqualTo(0x00000001);
        assertThat(FsEventFlags.USER_DROPPED).isEqualTo(0x00000002);
        assertThat(FsEventFlags.KERNEL_DROPPED).isEqualTo(0x00000004);
        assertThat(FsEventFlags.ROOT_CHANGED).isEqualTo(0x00000020);
        assertThat(FsEventFlags.ITEM_CREATED).isEqualTo(0x00000100);
        assertThat(FsEventFlags.ITEM_REMOVED).isEqualTo(0x00000200);
        assertThat(FsEventFlags.ITEM_RENAMED).isEqualTo(0x00000800);
        assertThat(FsEventFlags.ITEM_MODIFIED).isEqualTo(0x00001000);
        assertThat(FsEventFlags.ITEM_IS_FILE).isEqualTo(0x00010000);
        assertThat(FsEventFlags.ITEM_IS_DIR).isEqualTo(0x00020000);
        assertThat(FsEventFlags.ITEM_IS_SYMLINK).isEqualTo(0x00040000);
        assertThat(FsEventFlags.CREATE_NO_DEFER | FsEventFlags.CREATE_WATCH_ROOT | FsEventFlags.CREATE_FILE_EVENTS).isEqualTo(0x16);
    }

    @Test
    void droppedOrCoalescedEventsAskForARescan() {
        assertThat(FsEventFlags.meaning(0x00000001)).isEqualTo(Meaning.RESCAN); // MustScanSubDirs
        assertThat(FsEventFlags.meaning(0x00000001 | 0x00000002)).isEqualTo(Meaning.RESCAN); // with UserDropped
        assertThat(FsEventFlags.meaning(0x00000001 | 0x00000004)).isEqualTo(Meaning.RESCAN); // with KernelDropped
        assertThat(FsEventFlags.meaning(0x00000020)).isEqualTo(Meaning.RESCAN); // RootChanged
    }

    @Test
    void aFileCreatedOrModifiedIsToSettle() {
        assertThat(FsEventFlags.meaning(0x00010000 | 0x00000100)).isEqualTo(Meaning.FILE_CHANGED); // ItemIsFile|ItemCreated
        assertThat(FsEventFlags.meaning(0x00010000 | 0x00001000)).isEqualTo(Meaning.FILE_CHANGED); // ItemIsFile|ItemModified
        assertThat(FsEventFlags.meaning(0x00010000 | 0x00000800)).isEqualTo(Meaning.FILE_CHANGED); // renamed in or away
        // a coalesced created+modified+removed still has the file looked at: it may be there or gone
        assertThat(FsEventFlags.meaning(0x00010000 | 0x00000100 | 0x00001000 | 0x00000200)).isEqualTo(Meaning.FILE_CHANGED);
    }

    @Test
    void aFileOnlyRemovedIsGone() {
        assertThat(FsEventFlags.meaning(0x00010000 | 0x00000200)).isEqualTo(Meaning.FILE_GONE);
    }

    @Test
    void aDirectoryCreatedIsWalkedAndOtherEventsAreNotReported() {
        assertThat(FsEventFlags.meaning(0x00020000 | 0x00000100)).isEqualTo(Meaning.DIRECTORY_CHANGED);
        assertThat(FsEventFlags.meaning(0x00020000 | 0x00001000)).isEqualTo(Meaning.NOTHING);
        assertThat(FsEventFlags.meaning(0x00040000 | 0x00000100)).isEqualTo(Meaning.NOTHING); // a symbolic link
        assertThat(FsEventFlags.meaning(0x00000010)).isEqualTo(Meaning.NOTHING); // HistoryDone
        assertThat(FsEventFlags.meaning(0x00010000 | 0x00004000)).isEqualTo(Meaning.NOTHING); // ItemChangeOwner only
    }

    @Test
    void flagsAreNamedForTheLog() {
        assertThat(FsEventFlags.describe(0x00000001 | 0x00000004)).isEqualTo("MustScanSubDirs|KernelDropped");
        assertThat(FsEventFlags.describe(0)).isEqualTo("None");
    }
}
