package io.mamori.agent.testing;

import io.mamori.agent.quarantine.FileOrigin;
import io.mamori.agent.quarantine.QuarantineStore;
import io.mamori.protocol.device.DeviceClass;
import io.mamori.protocol.device.DeviceIdentity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

/**
 * A process that moves one file into a quarantine store, for tests that kill it on the way:
 * {@code QuarantineMover <store dir> <file> <event id>}. Prints "ready" once started.
 */
public final class QuarantineMover {

    public static final DeviceIdentity STICK = new DeviceIdentity(DeviceClass.USB_STORAGE, "0781", "5583", "SN-KILL",
            "Example Corp", "Flash Drive", null, "USB", 0);

    private QuarantineMover() {
    }

    public static FileOrigin origin(UUID eventId, Path file, String sha256) {
        return new FileOrigin(eventId, null, STICK, file.toAbsolutePath(), file.getFileName().toString(), sha256);
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        QuarantineStore store = QuarantineStore.open(Path.of(args[0]), Clock.systemUTC());
        store.put(Path.of(args[1]), origin(UUID.fromString(args[2]), Path.of(args[1]), null));
        System.out.println("done");
    }
}
