package io.mamori.agent.platform.macos;

import io.mamori.agent.platform.common.Programs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link Commands} through {@code /usr/sbin/diskutil}, in the C locale, each cut off after a limit. */
final class DiskutilCommands implements Commands {

    private static final String DISKUTIL = "/usr/sbin/diskutil";
    private static final Map<String, String> ENVIRONMENT = Map.of("LC_ALL", "C", "LANG", "C", "PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
    private static final Duration INFO_LIMIT = Duration.ofSeconds(10);
    /** Unmounting waits for files to be closed; ejecting for the device. */
    private static final Duration ACTION_LIMIT = Duration.ofSeconds(60);

    @Override
    public byte[] diskutilInfo(String bsdName) throws IOException {
        String name = BsdName.require(bsdName);
        Programs.Finished finished = Programs.finish(List.of(DISKUTIL, "info", "-plist", name), ENVIRONMENT, INFO_LIMIT);
        if (finished.exitCode() != 0) {
            throw new IOException("diskutil info -plist " + name + " failed (" + finished.exitCode() + "): "
                    + OsText.clip(finished.output().strip(), 200));
        }
        return finished.output().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void diskutil(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(DISKUTIL);
        command.addAll(arguments);
        Programs.Finished finished = Programs.finish(command, ENVIRONMENT, ACTION_LIMIT);
        if (finished.exitCode() != 0) {
            throw new IOException("diskutil " + String.join(" ", arguments) + " failed (" + finished.exitCode() + "): "
                    + OsText.clip(finished.output().strip(), 200));
        }
    }
}
