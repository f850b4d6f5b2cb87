package io.mamori.agent.platform.portable;

import java.io.IOException;
import java.util.List;

/** The file stores mounted now; a seam so tests can list what they like. */
interface FileStores {

    /** @throws IOException when the OS cannot be asked: that is not "nothing is mounted" */
    List<MountedStore> now() throws IOException;
}
