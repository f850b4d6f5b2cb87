package io.mamori.protocol.event;

import io.mamori.protocol.Fields;

/**
 * Who did it, as far as the operating system tells: the user and, when known, the program.
 *
 * @param user          the OS account name (DOMAIN\\user on Windows)
 * @param uid           the numeric user id, where the OS has one
 * @param pid           the process id of the writer
 * @param program       the writer's executable path
 * @param unknownReason why the writer is unknown, when the agent knows why ("audit policy off",
 *                      "no audit event"); null otherwise, and then absent from the JSON
 */
public record Actor(String user, Long uid, Long pid, String program, String unknownReason) {

    public Actor {
        Fields.optionalText(user, "user", 256);
        Fields.optionalText(program, "program", 4096);
        Fields.optionalText(unknownReason, "unknownReason", 200);
    }

    /** An actor as far as the OS told, without a reason for what it did not. */
    public Actor(String user, Long uid, Long pid, String program) {
        this(user, uid, pid, program, null);
    }

    /** Nobody known, and why. */
    public static Actor unknown(String reason) {
        return new Actor(null, null, null, null, reason);
    }
}
