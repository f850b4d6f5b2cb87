package io.mamori.protocol.event;

import io.mamori.protocol.Fields;

/**
 * Who did it, as far as the operating system tells: the user and, when known, the program.
 *
 * @param user    the OS account name (DOMAIN\\user on Windows)
 * @param uid     the numeric user id, where the OS has one
 * @param pid     the process id of the writer
 * @param program the writer's executable path
 */
public record Actor(String user, Long uid, Long pid, String program) {

    public Actor {
        Fields.optionalText(user, "user", 256);
        Fields.optionalText(program, "program", 4096);
    }
}
