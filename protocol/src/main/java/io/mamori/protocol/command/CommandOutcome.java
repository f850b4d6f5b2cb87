package io.mamori.protocol.command;

/** How an agent carried out a command. */
public enum CommandOutcome {
    /** Done as asked. */
    DONE,
    /** Tried and failed; the result's detail says why. */
    FAILED,
    /** This agent does not know the command type. */
    UNSUPPORTED
}
