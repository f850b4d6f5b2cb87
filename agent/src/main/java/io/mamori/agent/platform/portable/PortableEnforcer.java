package io.mamori.agent.platform.portable;

import io.mamori.agent.media.Enforcer;
import io.mamori.agent.media.Volume;
import java.io.IOException;

/**
 * Device enforcement where the agent has no OS mechanism for it: there is none. Both requests fail
 * with the reason, so that the guard records it and carries the device's decision out on each file
 * written instead (every file quarantined after it is closed).
 */
final class PortableEnforcer implements Enforcer {

    @Override
    public void readOnly(Volume volume) throws IOException {
        throw new IOException("the portable watcher cannot make a volume read-only");
    }

    @Override
    public void writable(Volume volume) throws IOException {
        throw new IOException("the portable watcher cannot remount a volume writable");
    }

    @Override
    public void deny(Volume volume) throws IOException {
        throw new IOException("the portable watcher cannot unmount a volume");
    }
}
