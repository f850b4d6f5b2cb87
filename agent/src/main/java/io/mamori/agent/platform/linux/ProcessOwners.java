package io.mamori.agent.platform.linux;

import io.mamori.protocol.event.Actor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who a process is: its real user (from {@code /proc/<pid>/status}, named through the password
 * file) and its program ({@code /proc/<pid>/exe}). A process that has already exited gives an
 * actor with only its pid.
 */
final class ProcessOwners {

    private final Path proc;
    private final Path passwd;
    private final Map<Long, String> names = new ConcurrentHashMap<>();

    ProcessOwners(Path proc, Path passwd) {
        this.proc = proc;
        this.passwd = passwd;
    }

    Actor actor(long pid) {
        Long uid = null;
        String program = null;
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        try {
            program = Files.readSymbolicLink(proc.resolve(Long.toString(pid)).resolve("exe")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            // gone, or a kernel thread
        }
        return new Actor(uid == null ? null : userName(uid), uid, pid, program);
    }

    String userName(long uid) {
        return names.computeIfAbsent(uid, id -> {
            try {
                List<String> lines = Files.readAllLines(passwd);
                for (String line : lines) {
                    String[] fields = line.split(":", -1);
                    if (fields.length > 2 && fields[2].equals(Long.toString(id))) {
                        return fields[0];
                    }
                }
            } catch (IOException e) {
                // fall through to the number
            }
            return Long.toString(id);
        });
    }
}
