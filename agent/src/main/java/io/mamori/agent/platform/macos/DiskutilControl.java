package io.mamori.agent.platform.macos;

import java.io.IOException;
import java.util.List;

/** {@link DiskControl} through {@code diskutil}: the fallback where a DiskArbitration session cannot be had. */
final class DiskutilControl implements DiskControl {

    private final Commands commands;

    DiskutilControl(Commands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "diskutil";
    }

    @Override
    public void unmount(String bsdName) throws IOException {
        commands.diskutil(List.of("unmount", BsdName.require(bsdName)));
    }

    /** diskutil knows one mount option, {@code readOnly} (diskutil(8)); any other cannot be asked for here. */
    @Override
    public void mount(String bsdName, List<String> options) throws IOException {
        String name = BsdName.require(bsdName);
        if (options.equals(List.of("rdonly"))) {
            commands.diskutil(List.of("mount", "readOnly", name));
        } else if (options.isEmpty()) {
            commands.diskutil(List.of("mount", name));
        } else {
            throw new IOException("diskutil cannot mount " + name + " with " + OsText.clip(String.join(",", options)));
        }
    }

    @Override
    public void eject(String wholeDisk) throws IOException {
        commands.diskutil(List.of("eject", BsdName.require(wholeDisk)));
    }
}
